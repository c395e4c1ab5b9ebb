package obs.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import obs.core.FanOut;
import obs.core.ObsException;
import obs.http.Deadline;
import obs.probe.config.Module.Prober;

/**
 * Runs probes for the CLI and the exporter alike: each probe on a virtual thread, at most {@code concurrency} at
 * once, each bounded by its own deadline; all icmp targets of a run share one fping process.
 */
public final class ProbeEngine {
    /** Time past a probe's deadline before it is abandoned (its sockets should have timed out by then). */
    private static final Duration GRACE = Duration.ofSeconds(2);

    private final HttpProber http = new HttpProber();
    private final TcpProber tcp = new TcpProber();
    private final DnsProber dns = new DnsProber();
    private final IcmpProber icmp;
    private final PathProber path;

    /**
     * @param fping   the fping binary
     * @param mtr     the mtr binary
     * @param history where path probes remember the last path
     */
    public ProbeEngine(String fping, String mtr, PathHistory history) {
        this.icmp = new IcmpProber(fping);
        this.path = new PathProber(mtr, history);
    }

    /** An engine using fping and mtr from PATH. */
    public static ProbeEngine system(PathHistory history) {
        return new ProbeEngine("fping", "mtr", history);
    }

    /** The deadline budget of one probe: the override, else the module's, else 10 s; path runs add mtr's own time. */
    public Duration timeout(Target t, Duration override) {
        Duration base = override != null ? override : t.module().timeout() != null ? t.module().timeout()
                : RunOptions.DEFAULT_TIMEOUT;
        return t.prober() == Prober.path ? base.plus(path.runTime(t.packets())) : base;
    }

    /** Probes every target {@code count} times; icmp rounds are pings of one fping run. */
    public List<TargetReport> run(List<Target> targets, RunOptions o) {
        Map<Target, List<ProbeResult>> rounds = new LinkedHashMap<>();
        targets.forEach(t -> rounds.put(t, new ArrayList<>()));
        List<Target> pings = targets.stream().filter(t -> t.prober() == Prober.icmp).toList();
        List<Target> others = targets.stream().filter(t -> t.prober() != Prober.icmp).toList();
        Future<Map<Target, IcmpProber.Pings>> pingJob = pings.isEmpty() ? null
                : FanOut.beside(() -> icmp.ping(pings, o.count(), o.interval(), icmpTimeout(pings, o.timeout())));
        long start = System.nanoTime();
        for (int i = 0; i < o.count() && !others.isEmpty(); i++) {
            sleepUntil(start + o.interval().toNanos() * i);
            probeAll(others, o.timeout(), o.concurrency(), true).forEach((t, r) -> rounds.get(t).add(r));
        }
        if (pingJob != null) {
            await(pingJob).forEach((t, p) -> rounds.get(t).addAll(IcmpProber.perPacket(p)));
        }
        List<TargetReport> out = new ArrayList<>();
        rounds.forEach((t, r) -> out.add(new TargetReport(t, List.copyOf(r), o.maxLoss())));
        return out;
    }

    /**
     * One result per target, as the exporter wants it: icmp targets get one fping run of {@code packets} pings
     * a second apart, summarised.
     */
    public Map<Target, ProbeResult> round(List<Target> targets, Duration timeoutOverride, int concurrency) {
        Map<Target, ProbeResult> out = new LinkedHashMap<>();
        List<Target> pings = targets.stream().filter(t -> t.prober() == Prober.icmp).toList();
        List<Target> others = targets.stream().filter(t -> t.prober() != Prober.icmp).toList();
        Map<Integer, List<Target>> byPackets = new LinkedHashMap<>();
        pings.forEach(t -> byPackets.computeIfAbsent(t.packets(), k -> new ArrayList<>()).add(t));
        Map<List<Target>, Future<Map<Target, IcmpProber.Pings>>> pingJobs = new LinkedHashMap<>();
        byPackets.forEach((packets, group) -> pingJobs.put(group, FanOut.beside(() -> icmp.ping(group, packets,
                Duration.ofSeconds(1), icmpTimeout(group, timeoutOverride)))));
        Map<Target, ProbeResult> rest = probeAll(others, timeoutOverride, concurrency, false);
        pingJobs.forEach((group, job) -> {
            try {
                await(job).forEach((t, p) -> out.put(t, IcmpProber.summary(p)));
            } catch (ObsException e) {
                group.forEach(t -> out.put(t, ProbeResult.failed(e.getMessage(), Duration.ZERO)));
            }
        });
        out.putAll(rest);
        return out;
    }

    /** One probe of one target, for the exporter's /probe endpoint. */
    public ProbeResult probe(Target target, Duration timeoutOverride) {
        if (target.prober() == Prober.icmp) {
            return round(List.of(target), timeoutOverride, 1).get(target);
        }
        return withDeadline(target, timeout(target, timeoutOverride), false);
    }

    /**
     * Probes targets concurrently. With {@code toolErrorsFatal} a missing tool (mtr) ends the run with its error,
     * as the CLI wants; without it only the targets that need the tool fail, as the exporter wants.
     */
    private Map<Target, ProbeResult> probeAll(List<Target> targets, Duration override, int concurrency, boolean toolErrorsFatal) {
        List<ProbeResult> results = FanOut.map(targets, concurrency, t -> withDeadline(t, timeout(t, override), toolErrorsFatal));
        Map<Target, ProbeResult> out = new LinkedHashMap<>();
        for (int i = 0; i < targets.size(); i++) {
            out.put(targets.get(i), results.get(i));
        }
        return out;
    }

    /**
     * Runs one probe on the calling (virtual) thread. Each blocking step inside takes its timeout from the deadline (the
     * system resolver included, see {@link Resolver}); the watchdog interrupts the probe if it still runs
     * {@link #GRACE} after the deadline. Running on the caller, rather than on a thread of its own, saves a
     * hand-off per probe, which showed in the exporter's /probe rate.
     */
    private ProbeResult withDeadline(Target t, Duration timeout, boolean toolErrorsFatal) {
        if (!Thread.currentThread().isVirtual()) {
            // An interrupt closes a blocked socket only on a virtual thread, so the probe moves to one.
            return await(FanOut.beside(() -> withDeadline(t, timeout, toolErrorsFatal)));
        }
        Watchdog.Guard guard = Watchdog.arm(timeout.plus(GRACE));
        ProbeResult result;
        try {
            result = prober(t).probe(t, Deadline.in(timeout));
        } catch (ObsException obs) {
            if (toolErrorsFatal && !guard.disarm()) {
                throw obs;
            }
            result = ProbeResult.failed(obs.getMessage(), Duration.ZERO);
        } catch (RuntimeException e) {
            // A bug, not a network finding: the target parser should have refused whatever caused it.
            result = ProbeResult.failed("internal error in the " + t.prober() + " prober"
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), Duration.ZERO);
        }
        return guard.disarm() ? ProbeResult.failed("did not finish within " + timeout.toMillis() + " ms", timeout) : result;
    }

    private TargetProber prober(Target t) {
        return switch (t.prober()) {
            case http -> http;
            case tcp -> tcp;
            case dns -> dns;
            case path -> path;
            case icmp -> throw new IllegalStateException("icmp targets are pinged in batches");
        };
    }

    private Duration icmpTimeout(List<Target> targets, Duration override) {
        return targets.stream().map(t -> timeout(t, override)).max(Duration::compareTo).orElse(RunOptions.DEFAULT_TIMEOUT);
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ObsException.internal("interrupted while probing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ObsException obs) {
                throw obs;
            }
            throw ObsException.internal("probe failed unexpectedly: " + e.getCause(), e.getCause());
        }
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ObsException.internal("interrupted while waiting for the next round", e);
            }
        }
    }
}
