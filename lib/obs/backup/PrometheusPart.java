package obs.backup;

import java.io.IOException;
import java.util.Map;
import obs.backup.Manifest.MetricCount;
import obs.backup.Manifest.PrometheusFacts;

/**
 * The Prometheus part of a set: a snapshot copied into the set and then deleted from Prometheus' volume whatever
 * happened, and the counts of {@link PrometheusCounts#METRICS} taken from the live server up to a minute before the
 * snapshot (every sample that old was committed before the snapshot began).
 */
final class PrometheusPart {
    static final long SETTLE_MS = 60_000;

    private PrometheusPart() {
    }

    static PrometheusFacts backup(SnapshotSource source, PrometheusCounts counts, SetWriter set, Compression compression)
            throws IOException, InterruptedException {
        long takenAt = System.currentTimeMillis();
        String name = source.take();
        SnapshotSink sink;
        try {
            sink = SnapshotSink.of(set, compression);
            try (sink) {
                source.copy(name, sink);
            }
        } finally {
            source.delete(name);
        }
        long at = (takenAt / 1000) * 1000 - SETTLE_MS;
        long from = Math.min(sink.minTime(), at);
        Map<String, MetricCount> metrics = counts.count(PrometheusCounts.METRICS, from, at);
        long series = metrics.values().stream().mapToLong(MetricCount::series).sum();
        return new PrometheusFacts(name, at, from, series, metrics);
    }
}
