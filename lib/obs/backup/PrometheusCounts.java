package obs.backup;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import obs.access.Endpoints;
import obs.backup.Manifest.MetricCount;
import obs.core.Json;
import obs.http.PlainHttp;
import tools.jackson.databind.JsonNode;

/**
 * Series and sample counts of a fixed set of metrics over [from, at], asked of a Prometheus through its HTTP API:
 * taken from the live Prometheus at backup time, and again from a scratch or restored one, which must agree.
 * Samples are summed over day-long windows ({@code sum(count_over_time(m[1d]))} with a one-day step, so the windows
 * neither overlap nor leave gaps) rather than one range over everything: a single range vector of a year of
 * samples would pass Prometheus' --query.max-samples. Prometheus 3 selects (t-w, t], 2.x [t-w, t]: for 2.x the window
 * is one millisecond shorter than the step, so in both every sample (millisecond timestamps) is counted exactly once,
 * and a backup taken from a Prometheus 3 verifies on the Debian 2.x one.
 */
public final class PrometheusCounts {
    /** Metrics every obs Prometheus has: its own scrape health and TSDB, and what alerting writes. */
    public static final List<String> METRICS = List.of("up", "scrape_samples_scraped", "scrape_duration_seconds",
            "prometheus_tsdb_head_series", "ALERTS");
    static final long WINDOW_MS = Duration.ofDays(1).toMillis();
    /** Prometheus' limit of points per series in a range query. */
    static final long MAX_POINTS = 11_000;
    static final Duration TIMEOUT = Duration.ofMinutes(2);
    private final Endpoints.Route route;
    private String version;

    public PrometheusCounts(Endpoints.Route route) {
        this.route = route;
    }

    /** The server's version from /api/v1/status/buildinfo. */
    public String version() throws IOException, InterruptedException {
        if (version == null) {
            version = get("/api/v1/status/buildinfo").path("version").asString("unknown");
        }
        return version;
    }

    private long windowMs() throws IOException, InterruptedException {
        return version().matches("[0-2]\\..*") ? WINDOW_MS - 1 : WINDOW_MS;
    }

    /** Per metric: the series with a sample in [fromMs, atMs], and their samples in that span. */
    public Map<String, MetricCount> count(List<String> metrics, long fromMs, long atMs) throws IOException, InterruptedException {
        Map<String, MetricCount> out = new LinkedHashMap<>();
        for (String metric : metrics) {
            out.put(metric, new MetricCount(series(metric, fromMs, atMs), samples(metric, fromMs, atMs)));
        }
        return out;
    }

    private long series(String metric, long fromMs, long atMs) throws IOException, InterruptedException {
        JsonNode data = get("/api/v1/series?match[]=" + enc(metric) + "&start=" + seconds(fromMs) + "&end=" + seconds(atMs));
        return data.size();
    }

    private long samples(String metric, long fromMs, long atMs) throws IOException, InterruptedException {
        if (fromMs > atMs) {
            return 0;
        }
        long windows = Math.max(1, (atMs - fromMs) / WINDOW_MS + 1);
        long total = 0;
        // A range query is limited to 11,000 points: longer histories are asked in several queries.
        for (long done = 0; done < windows; done += MAX_POINTS) {
            long lastEnd = atMs - done * WINDOW_MS;
            long count = Math.min(MAX_POINTS, windows - done);
            long start = lastEnd - (count - 1) * WINDOW_MS;
            String query = "sum(count_over_time(" + metric + "[" + windowMs() + "ms]))";
            JsonNode data = get("/api/v1/query_range?query=" + enc(query) + "&start=" + seconds(start) + "&end="
                    + seconds(lastEnd) + "&step=" + WINDOW_MS / 1000 + "s");
            for (JsonNode series : data.path("result")) {
                for (JsonNode point : series.path("values")) {
                    total += Math.round(Double.parseDouble(point.get(1).asString("0")));
                }
            }
        }
        return total;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        Endpoints.Reply reply = route.get(path, TIMEOUT);
        JsonNode root;
        try {
            root = Json.mapper().readTree(reply.body());
        } catch (RuntimeException e) {
            throw new IOException("Prometheus answered " + reply.status() + " to " + route.describe(path) + ": " + PlainHttp.excerpt(reply.body()));
        }
        if (reply.status() != 200 || !"success".equals(root.path("status").asString(""))) {
            throw new IOException("Prometheus answered " + reply.status() + " to a count query: " + root.path("error").asString(PlainHttp.excerpt(reply.body())));
        }
        return root.path("data");
    }

    private static String seconds(long ms) {
        return ms / 1000 + "." + String.format("%03d", ms % 1000);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
