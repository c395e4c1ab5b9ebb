package obs.http;

import java.time.Duration;

/** The moment a probe must have finished by; every blocking step takes its timeout from what is left. */
public record Deadline(long nanos) {
    public static Deadline in(Duration d) {
        return new Deadline(System.nanoTime() + d.toNanos());
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, nanos - System.nanoTime()));
    }

    /** Milliseconds left, at least 1 (0 would mean "no timeout" to socket APIs). */
    public int millis() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (nanos - System.nanoTime()) / 1_000_000));
    }

    public boolean expired() {
        return System.nanoTime() >= nanos;
    }
}
