package obs.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.client.utils.Serialization;
import obs.access.EndpointsFile;
import obs.http.PlainHttp;
import obs.manifests.MetricLists.MetricList;
import obs.sandbox.SandboxFixture;
import obs.stack.Stack;
import tools.jackson.databind.JsonNode;

/**
 * Every metric a dashboard panel or an alert or recording rule uses is produced by a component of the stack: by the
 * real exporters the sandbox runs (their /metrics, the blackbox exporter's /probe, and what Prometheus itself records),
 * and by the lists in manifests/metrics for the rest.
 */
class MetricsUsedTest {
    private static final Duration HTTP = Duration.ofSeconds(20);
    /** Prometheus writes these for the alerts it evaluates. */
    private static final Set<String> ALERT_SERIES = Set.of("ALERTS", "ALERTS_FOR_STATE");

    @Test
    void everyListBelongsToAComponentAndNamesItsPinnedVersion() {
        assertEquals(List.of(), MetricLists.problems(MetricLists.dir(), MetricLists.pinnedImages()));
        Set<String> jobs = new TreeSet<>();
        ComponentConfigTest.scrapeJobs().forEach(j -> jobs.add(String.valueOf(j.get("job_name"))));
        assertTrue(jobs.containsAll(Stack.KUBERNETES_SOURCES), "each Kubernetes source is a scrape job: " + jobs);
    }

    @Test
    void aListNamingNoComponentOrAnotherVersionIsRefused(@TempDir Path dir) throws IOException {
        Map<String, String> images = MetricLists.pinnedImages();
        for (String source : Stack.KUBERNETES_SOURCES) {
            Files.writeString(dir.resolve(source + ".txt"), "# version: Kubernetes v1.34\nup\n");
        }
        Stack.COMPONENTS.stream().filter(c -> c.local() == null).forEach(c -> write(dir.resolve(c.name() + ".txt"),
                "# version: " + images.get(c.name()) + "\nup\n"));
        assertEquals(List.of(), MetricLists.problems(dir, images));

        write(dir.resolve("lokii.txt"), "# version: docker.io/grafana/loki:3.7.7\nloki_build_info\n");
        write(dir.resolve("tempo.txt"), "# version: docker.io/grafana/tempo:2.9.0\ntempo_build_info\n");
        write(dir.resolve("grafana.txt"), "# version: " + images.get("grafana") + "\ngrafana_build_info\nnot a name\n");
        Files.delete(dir.resolve("alloy.txt"));
        List<String> problems = MetricLists.problems(dir, images);
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.get(0).endsWith("grafana.txt:3: not a metric name (optionally followed by histogram or summary): not a name"), problems.get(0));
        assertTrue(problems.get(1).contains("lokii.txt: no component or Kubernetes source is named lokii"), problems.get(1));
        assertTrue(problems.get(2).endsWith("tempo.txt: version docker.io/grafana/tempo:2.9.0 is not the pinned image " + images.get("tempo")), problems.get(2));
        assertEquals("alloy does not run in the sandbox and has no list manifests/metrics/alloy.txt", problems.get(3));
    }

    @Test
    void histogramLinesStandForTheirSeriesAndSandboxLinesCountWhileTheComponentRuns(@TempDir Path dir) {
        Path f = dir.resolve("pushgateway.txt");
        write(f, "# version: v1\n# a comment\nlatency_seconds histogram\npushed_total  # sandbox: pushed by another tool\n");
        MetricList l = MetricLists.parse(f);
        assertEquals(Set.of("latency_seconds_bucket", "latency_seconds_count", "latency_seconds_sum", "pushed_total"), l.names(false));
        assertEquals(Set.of("pushed_total"), l.names(true));
        write(f, "up\n");
        AssertionErrorCheck.refused(() -> MetricLists.parse(f), "no '# version: ...' line");
        write(f, "# version: v1\nup\nup\n");
        AssertionErrorCheck.refused(() -> MetricLists.parse(f), "pushgateway.txt:3: up is listed twice");
    }

    @Test
    void everyMetricUsedIsProducedByAComponentOfTheStack() throws Exception {
        Map<String, Set<String>> used = usedMetrics();
        assertTrue(used.size() > 100, "found " + used.size() + " metric names in dashboards and rules");
        Set<String> produced = new TreeSet<>(recordedByRules());
        produced.addAll(ALERT_SERIES);
        try (SandboxFixture sandbox = SandboxFixture.startWithDatabases()) {
            Set<String> running = new TreeSet<>();
            sandbox.endpoints().components().forEach((name, e) -> {
                if (e.failure() == null && e.url() != null) {
                    running.add(name);
                }
            });
            assertTrue(running.containsAll(List.of("prometheus", "node-exporter", "blackbox-exporter", "mtr-analyzer", "mariadb-exporter", "redis-exporter")),
                    "the sandbox runs the exporters this check relies on: " + running);
            produced.addAll(LiveMetrics.collect(sandbox, running));
            for (MetricList l : MetricLists.all(MetricLists.dir())) {
                produced.addAll(l.names(running.contains(l.source())));
            }
        }
        List<String> missing = new ArrayList<>();
        used.forEach((metric, where) -> {
            if (!produced.contains(metric)) {
                missing.add(metric + " (used by " + String.join("; ", where) + ")");
            }
        });
        assertEquals(List.of(), missing, "metrics no component produces: add them to the producer's list in "
                + Stack.METRIC_LISTS + " or fix the query");
    }

    /** Metric name -> where it is used: dashboard PromQL and the expressions of the rule files. */
    static Map<String, Set<String>> usedMetrics() throws IOException {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Dashboards.Query q : Dashboards.allQueries()) {
            if (q.isPromQl()) {
                PromQl.metricNames(q.text()).forEach(m -> out.computeIfAbsent(m, k -> new TreeSet<>()).add(q.origin()));
            }
        }
        for (Rule r : rules()) {
            PromQl.metricNames(r.expr()).forEach(m -> out.computeIfAbsent(m, k -> new TreeSet<>()).add(r.where()));
        }
        return out;
    }

    static Set<String> recordedByRules() throws IOException {
        Set<String> out = new TreeSet<>();
        rules().stream().filter(r -> r.record() != null).forEach(r -> out.add(r.record()));
        return out;
    }

    /** A rule of manifests/prometheus/rules: where it is, the series it records (or null for an alert), its expression. */
    record Rule(String where, String record, String expr) {
    }

    static List<Rule> rules() throws IOException {
        List<Rule> out = new ArrayList<>();
        for (Path file : AlertRulesTest.ruleFiles()) {
            for (Object g : Manifests.list(Manifests.loadMap(file).get("groups"), Manifests.rel(file))) {
                for (Object r : Manifests.list(Manifests.at(g, "rules"), "rules")) {
                    Object record = Manifests.at(r, "record");
                    Object name = record != null ? record : Manifests.at(r, "alert");
                    out.add(new Rule(file.getFileName() + " " + name, record == null ? null : String.valueOf(record),
                            String.valueOf(Manifests.at(r, "expr"))));
                }
            }
        }
        return out;
    }

    private static void write(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Reads the sandbox's real exporters. */
    static final class LiveMetrics {
        private LiveMetrics() {
        }

        static Set<String> collect(SandboxFixture sandbox, Set<String> running) throws Exception {
            Set<String> out = new TreeSet<>();
            for (String c : running) {
                String url = sandbox.url(c);
                if (c.equals("mtr-analyzer")) {
                    waitFor(url + "/metrics", "probe_path_hops");
                }
                out.addAll(names(get(url + "/metrics")));
            }
            if (running.contains("blackbox-exporter")) {
                String prometheus = sandbox.url("prometheus");
                URI p = URI.create(prometheus);
                String blackbox = sandbox.url("blackbox-exporter");
                for (String[] probe : List.of(new String[] {"http_2xx", prometheus + "/-/healthy"},
                        new String[] {"tcp_connect", p.getHost() + ":" + p.getPort()}, new String[] {"icmp", "127.0.0.1"},
                        new String[] {"dns_udp", p.getHost() + ":" + p.getPort()})) {
                    out.addAll(names(get(blackbox + "/probe?module=" + probe[0] + "&target=" + enc(probe[1]))));
                }
            }
            if (running.contains("prometheus")) {
                // What Prometheus itself records: up, scrape_* and the rules' outputs, once it has scraped everything.
                String prometheus = sandbox.url("prometheus");
                waitFor(prometheus + "/api/v1/query?query=" + enc("count(up) >= " + running.size()), "\"value\"");
                JsonNode names = Serialization.jsonMapper().readTree(get(prometheus + "/api/v1/label/__name__/values"));
                names.path("data").forEach(n -> out.add(n.asString()));
            }
            return out;
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }

        static Set<String> names(String exposition) {
            Set<String> out = new TreeSet<>();
            for (String line : exposition.split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    int end = 0;
                    while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                        end++;
                    }
                    out.add(line.substring(0, end));
                }
            }
            return out;
        }

        private static String get(String url) throws IOException {
            PlainHttp.Reply r = PlainHttp.get(URI.create(url), HTTP);
            assertEquals(200, r.status(), url + ": " + PlainHttp.excerpt(r.body()));
            return r.body();
        }

        /** Polls until the body contains the text; the exporters need a first probe or scrape (seconds here). */
        private static void waitFor(String url, String text) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!get(url).contains(text)) {
                assertTrue(System.nanoTime() < deadline, url + " never contained " + text);
                Thread.sleep(500);
            }
        }
    }

    /** Expects an AssertionError whose message contains the text. */
    static final class AssertionErrorCheck {
        private AssertionErrorCheck() {
        }

        static void refused(Runnable r, String text) {
            try {
                r.run();
            } catch (AssertionError e) {
                assertTrue(e.getMessage().contains(text), e.getMessage());
                return;
            }
            throw new AssertionError("accepted, expected a refusal mentioning: " + text);
        }
    }
}
