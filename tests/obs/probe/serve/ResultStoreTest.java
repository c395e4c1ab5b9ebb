package obs.probe.serve;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import obs.probe.Hop;
import obs.probe.PathHistory;
import obs.probe.ProbeResult;
import obs.probe.Sample;
import obs.probe.Target;
import obs.probe.TargetParser;
import obs.probe.config.Modules;
import org.junit.jupiter.api.Test;

/** Series follow the latest result: a changed path leaves no stale hop series, a removed target none at all. */
class ResultStoreTest {
    private final PathHistory history = PathHistory.inMemory();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ResultStore store = new ResultStore(history, Histogram.builder().name("probe_latency_seconds").help("h")
            .labelNames("target", "module").classicOnly().register(registry));
    private final Target path = new TargetParser(Modules.load(null)).parse("path://10.9.2.2", null, Map.of());

    @Test
    void aChangedPathRemovesTheOldHopsSeries() {
        registry.register(store);
        store.put(path, pathResult("10.9.1.254", "10.9.2.2"));
        String before = Exposition.text(registry.scrape());
        assertTrue(before.contains("hop_ip=\"10.9.1.254\""), before);
        store.put(path, pathResult("10.9.3.254", "10.9.2.2"));
        String after = Exposition.text(registry.scrape());
        assertFalse(after.contains("10.9.1.254"), after);
        assertTrue(after.contains("probe_path_hop_loss_ratio{hop=\"1\",hop_ip=\"10.9.3.254\""), after);
        assertTrue(after.contains("probe_path_changes_total{module=\"path\",target=\"path://10.9.2.2\"} 1"), after);
        store.retain(List.of());
        String gone = Exposition.text(registry.scrape());
        assertFalse(gone.contains("path://10.9.2.2"), gone);
    }

    private ProbeResult pathResult(String... hosts) {
        List<Hop> hops = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < hosts.length; i++) {
            hops.add(new Hop(i + 1, hosts[i], 0, 10, 1, 1, 1, 1, 0));
            samples.add(new Sample("probe_path_hop_loss_ratio", Map.of("hop", Integer.toString(i + 1), "hop_ip", hosts[i]), 0));
        }
        samples.add(new Sample("probe_success", Map.of(), 1));
        history.record(PathHistory.key(path), hops);
        return new ProbeResult(true, Duration.ofMillis(5), Duration.ofMillis(5), null, samples, Map.of(), hops, Instant.now());
    }
}
