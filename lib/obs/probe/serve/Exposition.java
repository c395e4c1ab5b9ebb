package obs.probe.serve;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import obs.probe.Sample;

/** Turns probe samples into Prometheus metric families, with HELP text, and writes the text format. */
final class Exposition {
    private static final Map<String, String> HELP = Map.ofEntries(
            Map.entry("probe_success", "Whether the probe succeeded"),
            Map.entry("probe_duration_seconds", "How long the probe took, in seconds"),
            Map.entry("probe_dns_lookup_time_seconds", "Time to resolve the target's host name"),
            Map.entry("probe_ip_protocol", "IP family used: 4 or 6"),
            Map.entry("probe_ip_addr_hash", "Hash of the address probed, to spot address changes"),
            Map.entry("probe_failed_due_to_regex", "Whether a regular expression check failed"),
            Map.entry("probe_failed_due_to_bytes", "Whether an expect_bytes check failed"),
            Map.entry("probe_http_status_code", "HTTP status code of the final response"),
            Map.entry("probe_http_content_length", "Content-Length of the final response, -1 when absent"),
            Map.entry("probe_http_uncompressed_body_length", "Body bytes read from the final response"),
            Map.entry("probe_http_version", "HTTP version of the final response"),
            Map.entry("probe_http_redirects", "Redirects followed"),
            Map.entry("probe_http_ssl", "Whether the final response came over TLS"),
            Map.entry("probe_http_duration_seconds", "HTTP time by phase, summed over redirects"),
            Map.entry("probe_http_last_modified_timestamp_seconds", "Last-Modified of the final response"),
            Map.entry("probe_tls_version_info", "TLS version negotiated"),
            Map.entry("probe_tls_cipher_info", "TLS cipher suite negotiated"),
            Map.entry("probe_ssl_earliest_cert_expiry", "Earliest expiry of the presented certificates, Unix time"),
            Map.entry("probe_ssl_last_chain_expiry_timestamp_seconds", "Earliest expiry in the verified chain, Unix time"),
            Map.entry("probe_ssl_last_chain_info", "The leaf certificate of the chain"),
            Map.entry("probe_tcp_duration_seconds", "TCP probe time by phase"),
            Map.entry("probe_dns_duration_seconds", "DNS probe time by phase"),
            Map.entry("probe_dns_query_succeeded", "Whether the DNS server answered"),
            Map.entry("probe_dns_answer_rrs", "Records in the answer section"),
            Map.entry("probe_dns_authority_rrs", "Records in the authority section"),
            Map.entry("probe_dns_additional_rrs", "Records in the additional section"),
            Map.entry("probe_dns_serial", "Serial number of the zone, for SOA questions"),
            Map.entry("probe_icmp_duration_seconds", "ICMP time by phase (rtt is the mean over the run's replies)"),
            Map.entry("probe_icmp_packets_sent", "Pings sent in the last run"),
            Map.entry("probe_icmp_packets_received", "Replies received in the last run"),
            Map.entry("probe_path_hops", "Hops on the path in the last mtr run"),
            Map.entry("probe_path_changed", "Whether the last run's path differs from the one before"),
            Map.entry("probe_path_hop_loss_ratio", "Share of packets a hop did not answer, 0..1"),
            Map.entry("probe_path_hop_packets_sent", "Packets mtr sent towards a hop"),
            Map.entry("probe_path_hop_latency_seconds", "Round-trip time to a hop: last, avg, best, worst, stddev"));

    private static final Map<String, String> FAMILY_HEAD = new ConcurrentHashMap<>();

    private Exposition() {
    }

    /** Groups samples into gauge families, adding {@code common} labels in front of each sample's own. */
    static List<MetricSnapshot> gauges(List<Entry> entries) {
        Map<String, GaugeSnapshot.Builder> families = new LinkedHashMap<>();
        for (Entry e : entries) {
            for (Sample s : e.samples()) {
                Map<String, String> labels = new LinkedHashMap<>(e.common());
                labels.putAll(s.labels());
                families.computeIfAbsent(s.name(), n -> GaugeSnapshot.builder().name(n).help(HELP.getOrDefault(n, n)))
                        .dataPoint(GaugeDataPointSnapshot.builder().labels(labels(labels)).value(s.value()).build());
            }
        }
        List<MetricSnapshot> out = new ArrayList<>();
        families.values().forEach(b -> out.add(b.build()));
        return out;
    }

    /** The samples of one target with the labels that identify it. */
    record Entry(Map<String, String> common, List<Sample> samples) {
    }

    static Labels labels(Map<String, String> map) {
        return Labels.of(new ArrayList<>(map.keySet()), new ArrayList<>(map.values()));
    }

    /** The library's text format, as sent on /metrics. */
    static byte[] bytes(MetricSnapshots snapshots) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, snapshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String text(MetricSnapshots snapshots) {
        return new String(bytes(snapshots), StandardCharsets.UTF_8);
    }

    /**
     * One probe's samples in the text format, written directly: the library's writer escapes and validates every
     * HELP line and name on each call, which JFR showed as a quarter of the exporter's CPU per /probe. Here each
     * family's HELP and TYPE lines are built once. The output is byte for byte the library's (ExpositionTest).
     */
    static byte[] probeText(List<Sample> samples) {
        Map<String, List<Sample>> families = new TreeMap<>();
        for (Sample s : samples) {
            families.computeIfAbsent(s.name(), n -> new ArrayList<>()).add(s);
        }
        StringBuilder out = new StringBuilder(64 * samples.size() + 512);
        families.forEach((name, points) -> {
            out.append(FAMILY_HEAD.computeIfAbsent(name, Exposition::familyHead));
            for (Sample p : points) {
                out.append(name);
                if (!p.labels().isEmpty()) {
                    char sep = '{';
                    for (Map.Entry<String, String> l : new TreeMap<>(p.labels()).entrySet()) {
                        out.append(sep).append(l.getKey()).append("=\"");
                        escape(out, l.getValue(), true);
                        out.append('"');
                        sep = ',';
                    }
                    out.append('}');
                }
                out.append(' ').append(number(p.value())).append('\n');
            }
        });
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String familyHead(String name) {
        StringBuilder head = new StringBuilder("# HELP ").append(name).append(' ');
        escape(head, HELP.getOrDefault(name, name), false);
        return head.append("\n# TYPE ").append(name).append(" gauge\n").toString();
    }

    private static void escape(StringBuilder out, String text, boolean quotes) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(quotes ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }

    private static String number(double d) {
        if (d == Double.POSITIVE_INFINITY) {
            return "+Inf";
        }
        return d == Double.NEGATIVE_INFINITY ? "-Inf" : Double.toString(d);
    }

    static String contentType() {
        return PrometheusTextFormatWriter.create().getContentType();
    }
}
