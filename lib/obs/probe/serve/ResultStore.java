package obs.probe.serve;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import obs.probe.PathHistory;
import obs.probe.ProbeResult;
import obs.probe.Target;
import obs.probe.config.Module.Prober;

/**
 * The latest result of every scheduled target, exposed on /metrics. Series are built from the latest results at
 * each scrape, so when a path changes the old hops' series disappear with it, and a target removed from the file
 * takes its series along. Latencies also feed a histogram for smokeping-style views.
 */
final class ResultStore implements MultiCollector {
    private final Map<Key, Latest> latest = new ConcurrentHashMap<>();
    private final PathHistory history;
    private final Histogram latency;

    private record Key(String target, String module) {
        static Key of(Target t) {
            return new Key(t.name(), t.module().name());
        }
    }

    private record Latest(Target target, ProbeResult result) {
    }

    ResultStore(PathHistory history, Histogram latency) {
        this.history = history;
        this.latency = latency;
    }

    /** Stores a result; its latencies (every ping's RTT, for icmp) go into the histogram. */
    void put(Target t, ProbeResult r) {
        latest.put(Key.of(t), new Latest(t, r));
        if (!r.success()) {
            return;
        }
        Object rtts = r.facts().get("rtts_ms");
        if (rtts instanceof List<?> list) {
            for (Object v : list) {
                if (v instanceof Double d && !d.isNaN()) {
                    latency.labelValues(t.name(), t.module().name()).observe(d / 1e3);
                }
            }
        } else {
            latency.labelValues(t.name(), t.module().name()).observe(r.latency().toNanos() / 1e9);
        }
    }

    /** Drops everything about targets no longer configured. */
    void retain(Collection<Target> current) {
        Set<Key> keep = new HashSet<>();
        current.forEach(t -> keep.add(Key.of(t)));
        for (Key k : new ArrayList<>(latest.keySet())) {
            if (!keep.contains(k)) {
                latest.remove(k);
                latency.remove(k.target(), k.module());
            }
        }
        Set<String> destinations = new HashSet<>();
        current.stream().filter(t -> t.prober() == Prober.path).forEach(t -> destinations.add(PathHistory.key(t)));
        history.retain(destinations);
    }

    @Override
    public MetricSnapshots collect() {
        List<Exposition.Entry> entries = new ArrayList<>();
        CounterSnapshot.Builder changes = CounterSnapshot.builder().name("probe_path_changes")
                .help("Times the path to a target changed since it was first probed (across restarts with --state-file)");
        GaugeSnapshot.Builder lastChange = GaugeSnapshot.builder().name("probe_path_last_change_timestamp_seconds")
                .help("When the path to a target last changed, Unix time");
        boolean anyPath = false;
        for (Latest l : latest.values()) {
            Map<String, String> common = new LinkedHashMap<>();
            common.put("target", l.target().name());
            common.put("module", l.target().module().name());
            common.putAll(l.target().labels());
            entries.add(new Exposition.Entry(common, l.result().samples()));
            PathHistory.Entry h = l.target().prober() == Prober.path ? history.get(PathHistory.key(l.target())) : null;
            if (h != null) {
                anyPath = true;
                changes.dataPoint(CounterDataPointSnapshot.builder().labels(Exposition.labels(common)).value(h.changes()).build());
                if (h.lastChange() != null) {
                    lastChange.dataPoint(GaugeDataPointSnapshot.builder().labels(Exposition.labels(common))
                            .value(h.lastChange().getEpochSecond()).build());
                }
            }
        }
        List<MetricSnapshot> out = new ArrayList<>(Exposition.gauges(entries));
        if (anyPath) {
            out.add(changes.build());
            out.add(lastChange.build());
        }
        return new MetricSnapshots(out);
    }
}
