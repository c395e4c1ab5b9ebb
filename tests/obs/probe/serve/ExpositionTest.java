package obs.probe.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import obs.probe.Sample;
import org.junit.jupiter.api.Test;

/** /probe's hand-written text must be exactly what the Prometheus library writes for the same samples. */
class ExpositionTest {
    @Test
    void probeTextEqualsTheLibrarysOutput() {
        Map<String, String> unsorted = new LinkedHashMap<>();
        unsorted.put("phase", "tls");
        unsorted.put("hop_ip", "10.0.0.1");
        List<Sample> samples = List.of(
                new Sample("probe_success", Map.of(), 1),
                new Sample("probe_http_duration_seconds", Map.of("phase", "connect"), 0.000123),
                new Sample("probe_http_duration_seconds", Map.of("phase", "resolve"), 0),
                new Sample("probe_duration_seconds", Map.of(), 1.5e-7),
                new Sample("probe_tls_version_info", Map.of("version", "TLS 1.3"), 1),
                new Sample("probe_ssl_last_chain_info", Map.of("subject", "CN=a \"quoted\" \\ back\nslash"), 1),
                new Sample("probe_path_hop_latency_seconds", unsorted, Double.POSITIVE_INFINITY),
                new Sample("probe_http_content_length", Map.of(), -1),
                new Sample("probe_ssl_earliest_cert_expiry", Map.of(), 1.7999999999e9),
                new Sample("probe_some_unknown_metric", Map.of(), Double.NEGATIVE_INFINITY),
                new Sample("probe_icmp_duration_seconds", Map.of("phase", "rtt"), Double.NaN));
        String library = Exposition.text(new MetricSnapshots(Exposition.gauges(List.of(new Exposition.Entry(Map.of(), samples)))));
        assertEquals(library, new String(Exposition.probeText(samples), StandardCharsets.UTF_8));
    }

    @Test
    void aFailedProbeIsTwoFamilies() {
        String text = new String(Exposition.probeText(List.of(new Sample("probe_success", Map.of(), 0),
                new Sample("probe_duration_seconds", Map.of(), 0.25))), StandardCharsets.UTF_8);
        assertEquals("""
                # HELP probe_duration_seconds How long the probe took, in seconds
                # TYPE probe_duration_seconds gauge
                probe_duration_seconds 0.25
                # HELP probe_success Whether the probe succeeded
                # TYPE probe_success gauge
                probe_success 0.0
                """, text);
    }
}
