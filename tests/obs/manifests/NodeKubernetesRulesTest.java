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

/**
 * The node and Kubernetes rule files (manifests/prometheus/rules/node.yml and kubernetes.yml): every node-exporter metric
 * they and their alerts' pages use is one the real exporter serves. (Their promtool cases and pages are checked with
 * every other rule file's in AlertRulesTest and obs.runbook.RunbookPagesTest.)
 */
class NodeKubernetesRulesTest {

    private static final Map<String, String> TEST_FILES = Map.of("node.yml", "node-test.yml", "kubernetes.yml", "kubernetes-test.yml");

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
