package obs.probe;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import obs.probe.config.Module.Prober;

/**
 * Every round of one target, and the summary a table shows.
 *
 * @param maxLoss the loss, 0..1, above which the target fails
 */
public record TargetReport(Target target, List<ProbeResult> rounds, double maxLoss) {
    /**
     * The one rule for every prober: the target succeeds when some round succeeded and its loss is at most
     * {@code maxLoss}. With one round of anything but path that means "the round succeeded".
     */
    public boolean success() {
        return ok() > 0 && loss() <= maxLoss;
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

    /**
     * Lost share, 0..1: of the pings for icmp, of the packets to the destination (the last hop) for path, of the
     * rounds otherwise. A round that failed counts as all lost.
     */
    public double loss() {
        return rounds.isEmpty() ? 1 : rounds.stream().mapToDouble(this::loss).average().orElse(1);
    }

    private double loss(ProbeResult round) {
        if (!round.success()) {
            return 1;
        }
        return target.prober() == Prober.path && !round.hops().isEmpty() ? round.hops().get(round.hops().size() - 1).loss() : 0;
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

    /** Why the target failed, in words, or null when it succeeded. */
    public String error() {
        if (success()) {
            return null;
        }
        if (ok() == 0) {
            return firstError();
        }
        return String.format(Locale.ROOT, "%s%% loss%s is above --max-loss %s%%", percent(loss()),
                target.prober() == Prober.path ? " at the destination" : "", percent(maxLoss));
    }

    private static String percent(double ratio) {
        double p = ratio * 100;
        return p == Math.rint(p) ? Long.toString((long) p) : String.format(Locale.ROOT, "%.1f", p);
    }

    private List<Duration> latencies() {
        return rounds.stream().filter(ProbeResult::success).map(ProbeResult::latency).toList();
    }
}
