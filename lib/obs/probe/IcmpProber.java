package obs.probe;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import obs.exec.Tools;
import obs.http.Deadline;
import obs.probe.config.IcmpSettings;

/**
 * The icmp prober: one fping process pings every target of a run at once (-C gives each reply's RTT), which is
 * what keeps 200 targets as cheap as fping alone. Names are resolved here first, so fping only sees addresses
 * and an unresolvable name is reported as such rather than as fping's exit code 2.
 */
public final class IcmpProber {
    /** Time fping may run beyond its own schedule before it is killed. */
    private static final Duration SLACK = Duration.ofSeconds(5);

    private final String fping;

    /** @param fping the fping binary (a name on PATH or a path) */
    public IcmpProber(String fping) {
        this.fping = fping;
    }

    /**
     * The replies to one target: RTTs in milliseconds in send order, NaN for a lost packet.
     *
     * @param error why nothing could be sent (resolution, fping failure), or null
     * @param took  the whole run for this target, from resolving its name to fping's end
     * @param replyWait how long fping waited for each reply
     */
    public record Pings(Target target, Resolver.Resolved address, List<Double> rtts, String error, Duration took,
                        Duration replyWait) {
    }

    /**
     * Pings every target {@code count} times, {@code period} apart, waiting at most {@code timeout} for each reply.
     * Targets whose icmp settings differ go to separate fping processes, run one after another.
     */
    public Map<Target, Pings> ping(List<Target> targets, int count, Duration period, Duration timeout) {
        Map<Target, Pings> out = new LinkedHashMap<>();
        Map<IcmpSettings, List<Target>> groups = new LinkedHashMap<>();
        for (Target t : targets) {
            groups.computeIfAbsent(t.module().icmp(), k -> new ArrayList<>()).add(t);
        }
        groups.forEach((settings, group) -> out.putAll(pingGroup(settings, group, count, period, timeout)));
        return out;
    }

    private Map<Target, Pings> pingGroup(IcmpSettings s, List<Target> targets, int count, Duration period,
                                         Duration timeout) {
        Map<Target, Pings> out = new LinkedHashMap<>();
        Map<Target, Resolver.Resolved> resolved = new LinkedHashMap<>();
        Set<String> addresses = new LinkedHashSet<>();
        long start = System.nanoTime();
        Duration wait = Duration.ofMillis(replyTimeout(period, timeout));
        Deadline deadline = Deadline.in(timeout);
        for (Target t : targets) {
            try {
                Resolver.Resolved a = Resolver.resolve(t.host(), s.ip(), deadline);
                resolved.put(t, a);
                addresses.add(a.address().getHostAddress());
            } catch (IOException e) {
                out.put(t, new Pings(t, null, List.of(), Failures.describe(e, t.host(), 0), since(start), wait));
            }
        }
        if (addresses.isEmpty()) {
            return out;
        }
        List<String> cmd = command(s, addresses, count, period, timeout);
        Duration limit = period.multipliedBy(count).plus(timeout).plus(SLACK);
        Tools.Result result = Tools.run(limit, "fping", cmd);
        Map<String, List<Double>> replies = FpingOutput.parse(result.stderr());
        Duration took = since(start);
        for (Map.Entry<Target, Resolver.Resolved> e : resolved.entrySet()) {
            List<Double> rtts = replies.get(e.getValue().address().getHostAddress());
            String error = rtts != null ? null
                    : "fping gave no result (exit " + result.exit() + ": " + firstLine(result.stderr()) + ")";
            out.put(e.getKey(), new Pings(e.getKey(), e.getValue(), rtts == null ? List.of() : rtts, error, took, wait));
        }
        return out;
    }

    List<String> command(IcmpSettings s, Set<String> addresses, int count, Duration period, Duration timeout) {
        long periodMs = Math.max(10, period.toMillis());
        // Spread the targets over the period instead of fping's fixed 10 ms between them, which alone would make
        // 200 targets take 2 s per round.
        long spacing = Math.max(1, Math.min(10, periodMs / Math.max(1, addresses.size())));
        List<String> cmd = new ArrayList<>(List.of(fping, "-q", "-C", Integer.toString(count), "-p", Long.toString(periodMs),
                "-t", Long.toString(replyTimeout(period, timeout)), "-i", Long.toString(spacing)));
        if (s.sourceAddress() != null) {
            cmd.addAll(List.of("-S", s.sourceAddress()));
        }
        if (s.payloadSize() > 0) {
            cmd.addAll(List.of("-b", Integer.toString(s.payloadSize())));
        }
        if (s.ttl() > 0) {
            cmd.addAll(List.of("-H", Integer.toString(s.ttl())));
        }
        if (s.dontFragment()) {
            cmd.add("-M");
        }
        cmd.addAll(addresses);
        return cmd;
    }

    /**
     * One result per packet, for a run whose rounds are pings. Each lasts what one ping probe would: resolving
     * plus the reply's RTT, or plus fping's whole wait when no reply came (and then it has no latency).
     */
    public static List<ProbeResult> perPacket(Pings p) {
        if (p.error() != null) {
            return List.of(ProbeResult.failed(p.error(), p.took()));
        }
        List<ProbeResult> out = new ArrayList<>();
        for (double rtt : p.rtts()) {
            ResultBuilder r = base(p);
            if (Double.isNaN(rtt)) {
                out.add(r.duration(p.address().took().plus(p.replyWait())).noLatency().failure("no reply"));
            } else {
                Duration d = Duration.ofNanos((long) (rtt * 1e6));
                r.gauge("probe_icmp_duration_seconds", rtt / 1e3, "phase", "rtt").fact("rtt_ms", rtt).latency(d)
                        .duration(p.address().took().plus(d));
                out.add(r.success());
            }
        }
        return out;
    }

    /**
     * One result for the whole run (the exporter's view): success when any reply came back, as in blackbox.
     * Its probe_duration_seconds is the whole run, pings included.
     */
    public static ProbeResult summary(Pings p) {
        if (p.error() != null) {
            return ProbeResult.failed(p.error(), p.took());
        }
        ResultBuilder r = base(p).duration(p.took());
        List<Double> got = p.rtts().stream().filter(v -> !v.isNaN()).toList();
        r.gauge("probe_icmp_packets_sent", p.rtts().size()).gauge("probe_icmp_packets_received", got.size())
                .fact("rtts_ms", p.rtts());
        if (got.isEmpty()) {
            return r.noLatency().failure("no reply to " + p.rtts().size() + " ping" + (p.rtts().size() == 1 ? "" : "s"));
        }
        double avg = got.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        r.gauge("probe_icmp_duration_seconds", avg / 1e3, "phase", "rtt").fact("rtt_ms", avg)
                .fact("loss", 1 - (double) got.size() / p.rtts().size()).latency(Duration.ofNanos((long) (avg * 1e6)));
        return r.success();
    }

    private static ResultBuilder base(Pings p) {
        ResultBuilder r = new ResultBuilder();
        p.address().report(r);
        r.gauge("probe_icmp_duration_seconds", p.address().took().toNanos() / 1e9, "phase", "resolve")
                .fact("address", p.address().address().getHostAddress());
        return r;
    }

    /** fping's per-reply timeout defaults to the period: an RTT above it would count as loss. */
    private static long replyTimeout(Duration period, Duration timeout) {
        return Math.max(Math.max(10, period.toMillis()), timeout.toMillis());
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return t.isEmpty() ? "no output" : nl < 0 ? t : t.substring(0, nl);
    }
}
