package obs.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The node and Kubernetes rule files (manifests/prometheus/rules/node.yml and kubernetes.yml): their promtool unit
 * tests pass, every alert in them has a case that fires it and one where it stays quiet, every alert has its page,
 * and every node-exporter metric they use is one the real exporter serves.
 */
class NodeKubernetesRulesTest {

    private static final long TIMEOUT = 120;
    private static final Map<String, String> TEST_FILES = Map.of("node.yml", "node-test.yml", "kubernetes.yml", "kubernetes-test.yml");
    private static final List<String> HEADINGS = List.of("## Meaning", "## Impact", "## Diagnosis", "## Mitigation");

    private static Path promtoolDir() {
        return Manifests.root().resolve("tests/obs/manifests/promtool");
    }

    private static Path ruleFile(String name) {
        return Manifests.folder("prometheus").resolve("rules").resolve(name);
    }

    /** Alert name to the rules (one per severity) that carry it, in file order. */
    static Map<String, List<Map<String, Object>>> alerts(String ruleFile) {
        Map<String, List<Map<String, Object>>> out = new TreeMap<>();
        for (Object g : Manifests.list(Manifests.loadMap(ruleFile(ruleFile)).get("groups"), ruleFile)) {
            Map<String, Object> group = Manifests.map(g, ruleFile + " group");
            for (Object r : Manifests.list(group.get("rules"), "rules of " + group.get("name"))) {
                Map<String, Object> rule = Manifests.map(r, "rule");
                if (rule.containsKey("alert")) {
                    out.computeIfAbsent(String.valueOf(rule.get("alert")), k -> new ArrayList<>()).add(rule);
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"node.yml", "kubernetes.yml"})
    void promtoolUnitTestsPass(String ruleFile) {
        Optional<Path> promtool = Manifests.which("promtool");
        Assumptions.assumeTrue(promtool.isPresent(), "promtool is not installed (apt-get install prometheus)");
        Manifests.Result r = Manifests.run(promtoolDir(), TIMEOUT, promtool.get().toString(), "test", "rules", TEST_FILES.get(ruleFile));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("SUCCESS"), r.output());
    }

    /** Every rule (an alert name at one severity) fires in some case; every alert name stays quiet in another. */
    @ParameterizedTest
    @ValueSource(strings = {"node.yml", "kubernetes.yml"})
    void everyAlertHasAFiringAndAQuietCase(String ruleFile) {
        Set<String> fires = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        Map<String, Object> tests = Manifests.loadMap(promtoolDir().resolve(TEST_FILES.get(ruleFile)));
        for (Object t : Manifests.list(tests.get("tests"), "tests")) {
            Object cases = Manifests.map(t, "test").get("alert_rule_test");
            for (Object c : cases == null ? List.of() : Manifests.list(cases, "alert_rule_test")) {
                Map<String, Object> art = Manifests.map(c, "alert_rule_test");
                String name = String.valueOf(art.get("alertname"));
                List<Object> expected = art.get("exp_alerts") == null ? List.of() : Manifests.list(art.get("exp_alerts"), "exp_alerts");
                if (expected.isEmpty()) {
                    quiet.add(name);
                }
                expected.forEach(e -> fires.add(name + " " + Manifests.at(e, "exp_labels.severity")));
            }
        }
        List<String> problems = new ArrayList<>();
        alerts(ruleFile).forEach((alert, rules) -> {
            for (Map<String, Object> rule : rules) {
                Object severity = Manifests.at(rule, "labels.severity");
                if (!fires.contains(alert + " " + severity)) {
                    problems.add(alert + " (" + severity + "): no case in " + TEST_FILES.get(ruleFile) + " that fires it");
                }
            }
            if (!quiet.contains(alert)) {
                problems.add(alert + ": no case in " + TEST_FILES.get(ruleFile) + " where it stays quiet");
            }
        });
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"node.yml", "kubernetes.yml"})
    void everyAlertLinksItsOwnPageWithTheFourHeadings(String ruleFile) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<Map<String, Object>>> e : alerts(ruleFile).entrySet()) {
            String url = "runbooks/alerts/" + e.getKey() + ".md";
            for (Map<String, Object> rule : e.getValue()) {
                Object actual = Manifests.at(rule, "annotations.runbook_url");
                if (!url.equals(actual)) {
                    problems.add(e.getKey() + ": runbook_url is " + actual + ", expected " + url);
                }
            }
            Path page = Manifests.root().resolve(url);
            if (!Files.isRegularFile(page)) {
                problems.add(e.getKey() + ": no page " + url);
                continue;
            }
            List<String> lines = Files.readAllLines(page);
            if (!lines.get(0).equals("# " + e.getKey())) {
                problems.add(url + ": first line must be '# " + e.getKey() + "'");
            }
            List<String> headings = lines.stream().filter(l -> l.startsWith("## ")).toList();
            if (!headings.equals(HEADINGS)) {
                problems.add(url + ": level-2 headings are " + headings + ", expected " + HEADINGS);
            }
        }
        assertEquals(List.of(), problems);
    }

    /**
     * The names come from the rule files and the node alerts' pages (node_* words), the truth from a real node-exporter
     * on a loopback port.
     * Debian ships node-exporter 1.5.0 and the manifests pin 1.12.1; the metrics used here exist in both.
     */
    @Test
    void everyNodeExporterMetricTheRulesUseIsServedByTheRealExporter() throws Exception {
        Optional<Path> exporter = Manifests.which("prometheus-node-exporter");
        Assumptions.assumeTrue(exporter.isPresent(), "prometheus-node-exporter is not installed");
        List<Path> texts = new ArrayList<>(TEST_FILES.keySet().stream().map(NodeKubernetesRulesTest::ruleFile).toList());
        for (String alert : alerts("node.yml").keySet()) {
            texts.add(Manifests.root().resolve("runbooks/alerts/" + alert + ".md"));
        }
        Set<String> used = new TreeSet<>();
        for (Path text : texts) {
            Matcher m = Pattern.compile("\\bnode_[a-zA-Z0-9_]+").matcher(Files.readString(text));
            while (m.find()) {
                used.add(m.group());
            }
        }
        used.removeIf(n -> n.startsWith("node_cpu_utilisation") || n.startsWith("node_memory_utilisation"));
        String metrics = scrapeNodeExporter(exporter.get());
        Set<String> served = new TreeSet<>();
        for (String line : metrics.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                served.add(line.split("[{ ]", 2)[0]);
            }
        }
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(served);
        assertTrue(used.size() >= 15, "found only " + used);
        assertEquals(Set.of(), missing);
    }

    private static String scrapeNodeExporter(Path binary) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(binary.toString(), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return r.body();
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("node-exporter on 127.0.0.1:" + port + " did not serve /metrics");
                }
                Thread.sleep(50);
            }
        } finally {
            p.destroy();
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
