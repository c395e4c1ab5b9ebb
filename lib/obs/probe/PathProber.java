package obs.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import obs.core.Exit;
import obs.core.ObsException;
import obs.exec.Tools;
import obs.http.Deadline;
import obs.probe.config.IcmpSettings;

/**
 * The path prober: one {@code mtr --json} run, hop by hop, and whether the path differs from the last run
 * to the same destination. The target counts as reached when the last hop is the target's address and answered.
 */
final class PathProber implements TargetProber {
    /** mtr's wait for late replies after the last cycle; its 5 s default would dominate a short run. */
    private static final String GRACE_SECONDS = "1";

    private final String mtr;
    private final PathHistory history;
    private final boolean root;

    PathProber(String mtr, PathHistory history) {
        this.mtr = mtr;
        this.history = history;
        this.root = isRoot();
    }

    /** mtr refuses intervals under a second to non-root users. */
    Duration packetInterval() {
        return root ? Duration.ofMillis(100) : Duration.ofSeconds(1);
    }

    /** How long a run of {@code packets} cycles takes at most, beyond the module's timeout. */
    Duration runTime(int packets) {
        return packetInterval().multipliedBy(packets).plusSeconds(Long.parseLong(GRACE_SECONDS));
    }

    @Override
    public ProbeResult probe(Target target, Deadline deadline) {
        ResultBuilder r = new ResultBuilder();
        IcmpSettings s = target.module().icmp();
        Resolver.Resolved addr;
        try {
            addr = Resolver.resolve(target.host(), s.ip(), deadline);
        } catch (IOException e) {
            return r.failure(Failures.describe(e, target.host(), 0));
        }
        addr.report(r);
        String address = addr.address().getHostAddress();
        Tools.Result result;
        try {
            result = Tools.run(deadline.remaining(), "mtr-tiny", command(s, address, target.packets()));
        } catch (ObsException e) {
            if (e.exit() == Exit.UNREACHABLE) {
                throw e;
            }
            return r.failure(e.getMessage());
        }
        if (result.exit() != 0) {
            return r.failure("mtr failed (exit " + result.exit() + "): " + result.stderr().strip());
        }
        List<Hop> hops;
        try {
            hops = MtrReport.parse(result.stdout());
        } catch (IllegalArgumentException e) {
            return r.failure("cannot read mtr's report: " + e.getMessage());
        }
        PathHistory.Change change = history.record(PathHistory.key(target), hops);
        r.hops(hops).fact("address", address).fact("path", hops.stream().map(Hop::label).toList())
                .fact("changed", change.changed());
        if (change.changed()) {
            r.fact("previous_path", change.previous());
        }
        r.gauge("probe_path_hops", hops.size()).gauge("probe_path_changed", change.changed() ? 1 : 0);
        for (Hop h : hops) {
            String hop = Integer.toString(h.hop());
            r.gauge("probe_path_hop_loss_ratio", h.loss(), "hop", hop, "hop_ip", h.label())
                    .gauge("probe_path_hop_packets_sent", h.sent(), "hop", hop, "hop_ip", h.label());
            if (h.answered()) {
                latency(r, hop, h.label(), "last", h.last());
                latency(r, hop, h.label(), "avg", h.avg());
                latency(r, hop, h.label(), "best", h.best());
                latency(r, hop, h.label(), "worst", h.worst());
                latency(r, hop, h.label(), "stddev", h.stddev());
            }
        }
        Hop last = hops.isEmpty() ? null : hops.get(hops.size() - 1);
        if (last == null || !address.equals(last.host()) || last.loss() >= 1) {
            return r.failure("target not reached: " + (last == null ? "no hops" : "last hop " + last.hop() + " is "
                    + last.label() + (last.loss() >= 1 ? " with 100% loss" : "")));
        }
        r.latency(Duration.ofNanos((long) (last.avg() * 1e6)));
        return r.success();
    }

    private static void latency(ResultBuilder r, String hop, String ip, String stat, double millis) {
        r.gauge("probe_path_hop_latency_seconds", millis / 1e3, "hop", hop, "hop_ip", ip, "stat", stat);
    }

    private List<String> command(IcmpSettings s, String address, int packets) {
        List<String> cmd = new ArrayList<>(List.of(mtr, "-n", "--json", "-c", Integer.toString(packets), "-i",
                String.format(java.util.Locale.ROOT, "%.1f", packetInterval().toMillis() / 1000.0), "-G", GRACE_SECONDS));
        if (s.ttl() > 0) {
            cmd.addAll(List.of("-m", Integer.toString(s.ttl())));
        }
        if (s.payloadSize() > 0) {
            cmd.addAll(List.of("-s", Integer.toString(s.payloadSize())));
        }
        if (s.sourceAddress() != null) {
            cmd.addAll(List.of("-a", s.sourceAddress()));
        }
        cmd.add(address);
        return cmd;
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
