package obs.backup;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import obs.core.InputFile;

/**
 * A run's result for cron: a file for node-exporter's textfile collector and a push to the Pushgateway (job
 * obs_backup), with the names and labels the stack's backup alert uses (namespace, component). A failed run keeps
 * the last success time of the run before it: in the file by carrying the old value over, on the Pushgateway by
 * POSTing (which replaces only the metrics sent) without it.
 */
public final class BackupMetrics {
    public static final String LAST_SUCCESS = "obs_backup_last_success_timestamp_seconds";
    public static final String LAST_RUN = "obs_backup_last_run_timestamp_seconds";
    public static final String DURATION = "obs_backup_duration_seconds";
    public static final String BYTES = "obs_backup_bytes";
    public static final String SUCCESS = "obs_backup_success";
    public static final String JOB = "obs_backup";
    private static final Map<String, String> HELP = Map.of(
            LAST_SUCCESS, "Unix time of the last backup that completed and verified",
            LAST_RUN, "Unix time of the last backup run, whatever its outcome",
            DURATION, "Seconds the last backup run took",
            BYTES, "Bytes the last successful backup wrote",
            SUCCESS, "1 when the last backup run succeeded, else 0");

    private BackupMetrics() {
    }

    /** One component's outcome (component: prometheus, grafana, alertmanager, config or all). */
    public record Outcome(String component, boolean success, double seconds, long bytes) {
    }

    /** The exposition text for one run; {@code lastSuccess} by component for the failed ones, from before. */
    static String text(String namespace, double now, List<Outcome> outcomes, Map<String, Double> lastSuccess, boolean withLastSuccess) {
        Map<String, GaugeSnapshot.Builder> families = new LinkedHashMap<>();
        for (String name : List.of(LAST_SUCCESS, LAST_RUN, DURATION, BYTES, SUCCESS)) {
            families.put(name, GaugeSnapshot.builder().name(name).help(HELP.get(name)));
        }
        for (Outcome o : outcomes) {
            Labels labels = Labels.of("component", o.component(), "namespace", namespace);
            Double success = o.success() ? Double.valueOf(now) : lastSuccess.get(o.component());
            if (withLastSuccess && success != null) {
                families.get(LAST_SUCCESS).dataPoint(point(labels, success));
            }
            families.get(LAST_RUN).dataPoint(point(labels, now));
            families.get(DURATION).dataPoint(point(labels, o.seconds()));
            if (o.success()) {
                families.get(BYTES).dataPoint(point(labels, o.bytes()));
            }
            families.get(SUCCESS).dataPoint(point(labels, o.success() ? 1 : 0));
        }
        List<MetricSnapshot> snapshots = new ArrayList<>();
        families.values().stream().map(GaugeSnapshot.Builder::build).filter(s -> !s.getDataPoints().isEmpty()).forEach(snapshots::add);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, MetricSnapshots.of(snapshots.toArray(MetricSnapshot[]::new)));
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static GaugeDataPointSnapshot point(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    /** Writes the textfile atomically (a temporary file in the same folder, then a rename), so the collector never reads half. */
    public static void writeFile(Path file, String namespace, double now, List<Outcome> outcomes) throws IOException {
        String text = text(namespace, now, outcomes, previousSuccess(file, namespace), true);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static final Pattern LINE = Pattern.compile(LAST_SUCCESS + "\\{component=\"([a-z]+)\",namespace=\"([^\"]*)\"} (\\S+)");

    /** The last success times a previous run wrote for this namespace (none when there is no file yet). */
    static Map<String, Double> previousSuccess(Path file, String namespace) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        String text;
        try {
            text = InputFile.readString(file);
        } catch (NoSuchFileException e) {
            return out;
        }
        for (String line : text.lines().toList()) {
            Matcher m = LINE.matcher(line);
            if (m.matches() && m.group(2).equals(namespace)) {
                try {
                    out.put(m.group(1), Double.parseDouble(m.group(3)));
                } catch (NumberFormatException e) {
                    // A hand-edited value: the next success writes a good one.
                }
            }
        }
        return out;
    }

    /** PUT (success: the whole group) or POST (failure: all but the last success time) to the Pushgateway. */
    public static void push(URI pushgateway, String namespace, double now, List<Outcome> outcomes) throws IOException, InterruptedException {
        boolean success = outcomes.stream().allMatch(Outcome::success);
        String body = text(namespace, now, outcomes, Map.of(), success);
        String base = pushgateway.toString().replaceAll("/+$", "");
        URI url = URI.create(base + "/metrics/job/" + JOB + "/namespace/" + URLEncoder.encode(namespace, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/plain; version=0.0.4")
                .method(success ? "PUT" : "POST", HttpRequest.BodyPublishers.ofString(body)).build();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IOException("the Pushgateway at " + base + " answered " + response.statusCode() + ": "
                        + obs.http.PlainHttp.excerpt(response.body()));
            }
        }
    }
}
