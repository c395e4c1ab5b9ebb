package obs.probe;

import java.time.Duration;
import java.util.List;

/** Every round of one target, and the summary a table shows. */
public record TargetReport(Target target, List<ProbeResult> rounds) {
    public boolean success() {
        return !rounds.isEmpty() && rounds.stream().allMatch(ProbeResult::success);
    }

    public ProbeResult last() {
        return rounds.get(rounds.size() - 1);
    }

    public int sent() {
        return rounds.size();
    }

    public long ok() {
        return rounds.stream().filter(ProbeResult::success).count();
    }

    /** Failed share of the rounds, 0..1. */
    public double loss() {
        return rounds.isEmpty() ? 1 : 1 - (double) ok() / rounds.size();
    }

    public Duration min() {
        return latencies().stream().min(Duration::compareTo).orElse(null);
    }

    public Duration max() {
        return latencies().stream().max(Duration::compareTo).orElse(null);
    }

    public Duration avg() {
        List<Duration> all = latencies();
        return all.isEmpty() ? null : Duration.ofNanos((long) all.stream().mapToLong(Duration::toNanos).average().orElse(0));
    }

    /** The first failure's reason, if any round failed. */
    public String firstError() {
        return rounds.stream().filter(r -> !r.success()).map(ProbeResult::error).findFirst().orElse(null);
    }

    private List<Duration> latencies() {
        return rounds.stream().filter(ProbeResult::success).map(ProbeResult::latency).toList();
    }
}
