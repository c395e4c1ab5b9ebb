package obs.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one probe found.
 *
 * @param success  whether every check passed
 * @param duration wall time of the whole probe
 * @param latency  the number a summary is made of: RTT for icmp, the duration otherwise; null for a lost ping
 * @param error    why it failed, in words, or null
 * @param samples  metrics, blackbox-named
 * @param facts    the same findings for people (status, TLS version, certificate expiry, answers, ...)
 * @param hops     the path, for path probes
 * @param at       when it finished
 */
public record ProbeResult(boolean success, Duration duration, Duration latency, String error, List<Sample> samples,
                          Map<String, Object> facts, List<Hop> hops, Instant at) {

    /** A failure before any measurement (bad resolution, missing tool, timeout of the whole probe). */
    public static ProbeResult failed(String error, Duration duration) {
        return new ProbeResult(false, duration, duration, error,
                List.of(new Sample("probe_success", Map.of(), 0),
                        new Sample("probe_duration_seconds", Map.of(), duration.toNanos() / 1e9)),
                Map.of(), List.of(), Instant.now());
    }
}
