package obs.probe;

import java.time.Duration;

/**
 * How a run repeats and bounds its probes.
 *
 * @param count       rounds per target (pings, for icmp)
 * @param interval    time between rounds
 * @param concurrency probes in flight at once
 * @param timeout     per-probe timeout overriding the modules', or null to use theirs
 */
public record RunOptions(int count, Duration interval, int concurrency, Duration timeout) {
    /** Used when neither the module nor the command line gives a timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public RunOptions {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
    }
}
