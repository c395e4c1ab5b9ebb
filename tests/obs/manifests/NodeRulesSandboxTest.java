package obs.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import obs.core.Json;
import obs.sandbox.SandboxFixture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The node and Kubernetes rule files in a real Prometheus scraping a real node-exporter (the sandbox): every rule of
 * their groups evaluates without error, and the node recording rules produce a value for this host.
 */
class NodeRulesSandboxTest {

    private static final Set<String> GROUPS = Set.of("node.rules", "node", "kubernetes.rules", "kubernetes-control-plane",
            "kubernetes-pods", "kubernetes-workloads", "kubernetes-storage");
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Test
    void theRulesEvaluateCleanlyAndTheRecordingsHaveValues() throws Exception {
        try (SandboxFixture sandbox = SandboxFixture.start(List.of("prometheus", "node-exporter"));
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            String prometheus = sandbox.url("prometheus");
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            List<String> waitingFor;
            do {
                waitingFor = new ArrayList<>();
                List<String> unhealthy = new ArrayList<>();
                int rules = 0;
                for (JsonNode group : get(http, prometheus + "/api/v1/rules").path("data").path("groups")) {
                    if (!GROUPS.contains(group.path("name").asString())) {
                        continue;
                    }
                    for (JsonNode rule : group.path("rules")) {
                        rules++;
                        String health = rule.path("health").asString();
                        if (health.equals("err")) {
                            unhealthy.add(rule.path("name").asString() + ": " + rule.path("lastError").asString());
                        } else if (!health.equals("ok")) {
                            waitingFor.add(rule.path("name").asString() + " to be evaluated");
                        }
                    }
                }
                assertEquals(List.of(), unhealthy);
                assertTrue(rules >= 50, "Prometheus loaded only " + rules + " rules of " + GROUPS);
                for (String recording : List.of("instance:node_cpu_utilisation:rate5m", "instance:node_memory_utilisation:ratio")) {
                    JsonNode result = get(http, prometheus + "/api/v1/query?query=" + URLEncoder.encode(recording, StandardCharsets.UTF_8))
                            .path("data").path("result");
                    if (result.isEmpty()) {
                        waitingFor.add(recording + " to have a value");
                    } else {
                        double value = Double.parseDouble(result.get(0).path("value").get(1).asString());
                        assertTrue(value >= 0 && value <= 1, recording + " = " + value + " is not a ratio");
                    }
                }
                if (!waitingFor.isEmpty()) {
                    Thread.sleep(500);
                }
            } while (!waitingFor.isEmpty() && System.nanoTime() < deadline);
            assertEquals(List.of(), waitingFor, "still waiting after " + PATIENCE.toSeconds() + " s");
        }
    }

    private static JsonNode get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return Json.mapper().readTree(r.body());
    }
}
