package obs.discover;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import obs.http.EndpointServer.Reply;

/** The controller's own /metrics, with the names the stack's alerts use (obs_discovery_*). */
final class DiscoveryMetrics {
    private static final List<String> KINDS = List.of("mariadb", "postgresql", "redis", "mongodb", "metrics", "http", "other");
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Gauge lastSuccess = Gauge.builder().name("obs_discovery_last_sync_success_timestamp_seconds")
            .help("When discovery last computed and wrote its targets without error (Unix time).").register(registry);
    private final Counter errors = Counter.builder().name("obs_discovery_sync_errors_total")
            .help("Sync attempts that failed (API unreachable or refused, bad Prometheus configuration).").register(registry);
    private final Counter syncs = Counter.builder().name("obs_discovery_syncs_total")
            .help("Sync attempts, successful or not.").register(registry);
    private final Gauge services = Gauge.builder().name("obs_discovery_services")
            .help("Services seen at the last successful sync, by kind.").labelNames("kind").register(registry);
    private final Gauge targets = Gauge.builder().name("obs_discovery_targets")
            .help("Targets in discovery's file_sd files after the last successful sync, by type.").labelNames("type").register(registry);

    DiscoveryMetrics() {
        KINDS.forEach(k -> services.labelValues(k).set(0));
        targets.labelValues("scrape").set(0);
        targets.labelValues("probe").set(0);
    }

    void attempt() {
        syncs.inc();
    }

    void failed() {
        errors.inc();
    }

    void succeeded(List<Finding> findings, long scrape, long probe) {
        Map<String, Integer> byKind = new TreeMap<>();
        KINDS.forEach(k -> byKind.put(k, 0));
        findings.forEach(f -> byKind.merge(f.kind(), 1, Integer::sum));
        byKind.forEach((k, n) -> services.labelValues(k).set(n));
        targets.labelValues("scrape").set(scrape);
        targets.labelValues("probe").set(probe);
        lastSuccess.set(System.currentTimeMillis() / 1000.0);
    }

    Reply scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        writer.write(out, registry.scrape());
        return new Reply(200, writer.getContentType(), out.toByteArray());
    }
}
