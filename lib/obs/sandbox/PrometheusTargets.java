package obs.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import obs.access.EndpointsFile.Entry;
import obs.cli.Console;
import obs.core.Json;
import obs.http.PlainHttp;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** The sandbox Prometheus' scrape targets kept to the servers that run, through its HTTP API. */
final class PrometheusTargets {
    /** How long Prometheus may take to scrape every server once (at a 2 s interval). */
    static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(20);

    private PrometheusTargets() {
    }

    /**
     * Makes Prometheus scrape exactly the sandbox servers that run: when a server (re)started on another
     * port, because another program took its old one, or failed, the configuration Prometheus runs with no
     * longer matches, so it is rewritten and reloaded, and Prometheus never scrapes a port that is not ours.
     * Then waits for one scrape of each.
     *
     * @return false when Prometheus runs but could not load the new configuration
     */
    static boolean scrapeWhatRuns(Entry prometheus, LocalStack.Options o, Map<String, Integer> scraped, Console console) {
        if (prometheus == null || !scraped.containsKey("prometheus")) {
            return true;
        }
        Path configDir = o.stateDir().resolve("prometheus").resolve("config");
        boolean reloaded = false;
        try {
            String before = Files.readString(configDir.resolve("prometheus.yml"));
            if (!Files.readString(LocalConfigs.prometheus(configDir, o.repo(), scraped)).equals(before)) {
                var reply = PlainHttp.post(URI.create(prometheus.url() + "/-/reload"), Duration.ofSeconds(10));
                if (reply.status() != 200) {
                    console.warn("Prometheus did not load its new scrape configuration (HTTP " + reply.status() + "): "
                            + reply.body().strip().lines().findFirst().orElse(""));
                    return false;
                }
                reloaded = true;
            }
        } catch (IOException e) {
            console.warn("could not reconfigure Prometheus at " + prometheus.url() + ": " + e.getMessage());
            return false;
        }
        awaitScrapes(prometheus.url(), scraped, reloaded, console);
        return true;
    }

    /**
     * Waits until Prometheus' {@code up} series are those of the sandbox's servers: each scraped successfully, and
     * any target dropped by a reload gone (Prometheus marks it stale about two intervals later). With an
     * Alertmanager, also until Prometheus' own metrics say it is discovered; a reload restarts that
     * discovery, so then only a sample taken after Prometheus' API lists it again counts. A check-services
     * run right after {@code up} then sees the servers that run, and only them.
     */
    private static void awaitScrapes(String prometheus, Map<String, Integer> scraped, boolean reloaded, Console console) {
        Set<String> expected = new HashSet<>();
        scraped.values().forEach(port -> expected.add(LocalConfigs.target(port)));
        boolean alerting = scraped.containsKey("alertmanager");
        // A server's first scrape may come before it answers: its up series is then 0 and its own metrics are
        // missing, so only a successful scrape counts.
        Set<String> notUp = new HashSet<>(expected);
        double samplesFrom = reloaded ? Double.NaN : 0;
        long deadline = System.nanoTime() + SCRAPE_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                try {
                    if (Double.isNaN(samplesFrom) && !get(prometheus, "/api/v1/alertmanagers").path("activeAlertmanagers").isEmpty()) {
                        samplesFrom = System.currentTimeMillis() / 1000.0;
                    }
                    Set<String> seen = new HashSet<>();
                    notUp.clear();
                    notUp.addAll(expected);
                    query(prometheus, "up").forEach(series -> {
                        String instance = series.path("metric").path("instance").asString();
                        seen.add(instance);
                        if ("1".equals(series.path("value").path(1).asString())) {
                            notUp.remove(instance);
                        }
                    });
                    if (seen.equals(expected) && notUp.isEmpty() && (!alerting || discoveredSince(prometheus, samplesFrom))) {
                        return;
                    }
                } catch (IOException | JacksonException e) {
                    // Prometheus answers /-/ready before its query API settles; poll again.
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        console.warn("Prometheus has not scraped every sandbox server yet" + (notUp.isEmpty() ? "" : " (no successful scrape of "
                + String.join(", ", new java.util.TreeSet<>(notUp)) + ")") + "; the first checks may see no data");
    }

    /** Whether a sample taken at or after {@code since} (epoch seconds) says Prometheus discovered an Alertmanager. */
    private static boolean discoveredSince(String prometheus, double since) throws IOException {
        if (Double.isNaN(since)) {
            return false;
        }
        JsonNode value = query(prometheus, "prometheus_notifications_alertmanagers_discovered");
        JsonNode at = query(prometheus, "timestamp(prometheus_notifications_alertmanagers_discovered)");
        return !value.isEmpty() && !at.isEmpty() && Double.parseDouble(value.get(0).path("value").get(1).asString()) >= 1
                && Double.parseDouble(at.get(0).path("value").get(1).asString()) >= since;
    }

    private static JsonNode query(String prometheus, String promql) throws IOException {
        return get(prometheus, "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("result");
    }

    private static JsonNode get(String prometheus, String path) throws IOException {
        return Json.mapper().readTree(PlainHttp.get(URI.create(prometheus + path), Duration.ofSeconds(1)).body()).path("data");
    }
}
