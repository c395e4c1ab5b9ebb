package obs.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import obs.core.Json;
import obs.http.PlainHttp;
import obs.sandbox.SandboxFixture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The rule files in a real Prometheus that scrapes the real Alertmanager, Pushgateway, blackbox exporter and
 * smokeping prober (the sandbox): every rule evaluates without error on real series, Watchdog fires, and the
 * self-monitoring metrics the stack rules name are ones these servers really export.
 */
class AlertRulesLiveTest {

    private static final List<String> COMPONENTS = List.of("prometheus", "alertmanager", "pushgateway", "blackbox-exporter", "smokeping");

    /** Metric prefixes of the servers the sandbox runs, and the rule files that use them. */
    private static final Pattern OWN_METRIC = Pattern.compile("\\b((?:prometheus|alertmanager|smokeping|blackbox_exporter)_[a-z_]+)\\b");

    /** Named in the rules but not exported by these servers as the sandbox runs them, with the reason. */
    private static final Map<String, String> NOT_HERE = Map.of(
            "prometheus_sd_kubernetes_failures_total", "Debian's Prometheus is built without Kubernetes discovery",
            "alertmanager_cluster_members", "exported only with clustering on; the sandbox runs one Alertmanager without it");

    @Test
    void everyRuleEvaluatesOnRealSeriesAndWatchdogFires() throws Exception {
        try (SandboxFixture sandbox = SandboxFixture.start(COMPONENTS)) {
            assertTrue(sandbox.started.ok(), sandbox.started.rows().toString());
            String prometheus = sandbox.url("prometheus");
            JsonNode groups = awaitEvaluated(prometheus);

            List<String> problems = new ArrayList<>();
            String watchdog = "";
            for (JsonNode g : groups) {
                for (JsonNode r : g.path("rules")) {
                    if (!r.path("health").asString().equals("ok")) {
                        problems.add(g.path("name").asString() + "/" + r.path("name").asString() + ": " + r.path("lastError").asString());
                    }
                    if (r.path("name").asString().equals("Watchdog")) {
                        watchdog = r.path("state").asString();
                    }
                }
            }
            assertEquals(List.of(), problems);
            assertEquals("firing", watchdog);

            // A labelled counter is exported from its first increment and stored from the self-scrape after that
            // (prometheus_tsdb_head_samples_appended_total{type}), so the names are polled for, not read once.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Set<String> missing = missingNames(prometheus);
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(500);
                missing = missingNames(prometheus);
            }
            assertEquals(Set.of(), missing, "metrics named in the rules that the real servers do not export");
        }
    }

    /** The metrics the self-monitoring rules name that Prometheus has not stored (yet). */
    private static Set<String> missingNames(String prometheus) throws Exception {
        Set<String> exported = new TreeSet<>();
        Json.mapper().readTree(get(prometheus + "/api/v1/label/__name__/values")).path("data").forEach(n -> exported.add(n.asString()));
        Set<String> missing = new TreeSet<>();
        for (String file : List.of("stack.yml", "stack-prometheus.yml", "network.yml")) {
            Matcher m = OWN_METRIC.matcher(exprs(file));
            while (m.find()) {
                if (!exported.contains(m.group(1)) && !NOT_HERE.containsKey(m.group(1))) {
                    missing.add(file + ": " + m.group(1));
                }
            }
        }
        return missing;
    }

    /** The rule groups, once every group has been evaluated twice since the rules were loaded. */
    private static JsonNode awaitEvaluated(String prometheus) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String first = null;
        while (true) {
            JsonNode groups = Json.mapper().readTree(get(prometheus + "/api/v1/rules")).path("data").path("groups");
            boolean allEvaluated = groups.size() > 0;
            StringBuilder stamps = new StringBuilder();
            for (JsonNode g : groups) {
                String at = g.path("lastEvaluation").asString();
                allEvaluated &= !at.startsWith("0001-");
                stamps.append(at);
            }
            if (allEvaluated && first != null && !first.equals(stamps.toString())) {
                return groups;
            }
            if (allEvaluated && first == null) {
                first = stamps.toString();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("rule groups not evaluated twice within 90 s: " + groups);
            }
            Thread.sleep(500);
        }
    }

    private static String exprs(String file) {
        StringBuilder out = new StringBuilder();
        for (Object g : Manifests.list(Manifests.loadMap(Manifests.folder("prometheus").resolve("rules/" + file)).get("groups"), file)) {
            for (Object r : Manifests.list(Manifests.map(g, file).get("rules"), file)) {
                out.append(Manifests.map(r, file).get("expr")).append('\n');
            }
        }
        return out.toString();
    }

    private static String get(String url) throws IOException {
        return PlainHttp.get(URI.create(url), Duration.ofSeconds(5)).body();
    }
}
