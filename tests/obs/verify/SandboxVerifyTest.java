package obs.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import obs.core.Json;
import obs.http.PlainHttp;
import obs.sandbox.SandboxFixture;
import obs.sandbox.SandboxFixture.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;

/**
 * verify-installation against the real sandbox (Prometheus, Alertmanager, Pushgateway, blackbox, smokeping, the MTR
 * analyzer): it passes on a healthy one, and each step fails with the right message when its pipeline is broken on
 * purpose. The breaks go through the servers' own config files and reload endpoints, and are undone after each test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxVerifyTest {
    static SandboxFixture sandbox;

    @BeforeAll
    static void start() throws IOException {
        sandbox = SandboxFixture.start(List.of());
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    static Run verify(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--state-dir";
        all[1] = sandbox.stateDir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return SandboxFixture.run("VerifyInstallation", all);
    }

    static JsonNode step(Run run, String name) {
        return FakesVerifyTest.step(run, name);
    }

    @Test
    @Order(1)
    void aHealthySandboxPassesAndTheJunitFileHasOneCasePerStep(@TempDir Path dir) throws Exception {
        Path junit = dir.resolve("verify.xml");
        Run run = verify("-o", "json", "--timeout", "60s", "--junit", junit.toString());
        assertEquals(0, run.exit(), run::toString);
        for (String s : List.of("components", "metrics", "alerts", "network")) {
            assertEquals("ok", step(run, s).path("status").asString(), s + ": " + run);
        }
        for (String s : List.of("logs", "traces", "correlation", "grafana")) {
            assertEquals("skip", step(run, s).path("status").asString(), s + ": " + run);
            assertTrue(step(run, s).path("message").asString().contains("is not installed in the sandbox"), run::toString);
        }
        String metrics = step(run, "metrics").path("message").asString();
        assertTrue(metrics.contains("rule groups") && metrics.contains("evaluate without errors"), metrics);
        assertTrue(step(run, "metrics").path("deliveryMs").has("pushgateway"), run::toString);
        assertTrue(step(run, "metrics").path("deliveryMs").has("remote-write"), run::toString);
        String alerts = step(run, "alerts").path("message").asString();
        assertTrue(alerts.contains("fire drill routed to receiver 'default'") && alerts.contains("Watchdog held by Alertmanager")
                && alerts.contains("drill alert resolved"), alerts);
        String runId = Json.mapper().readTree(run.out()).path("runId").asString();
        assertTrue(run.err().contains("verify-installation run " + runId), run::toString);
        // Nothing of the drill is left firing, and the pushed group is gone.
        String am = sandbox.url("alertmanager");
        assertEquals("[]", PlainHttp.get(URI.create(am + "/api/v2/alerts?active=true&filter=obs_run_id%3D%22" + runId + "%22"),
                Duration.ofSeconds(5)).body().strip());
        assertTrue(!PlainHttp.get(URI.create(sandbox.url("pushgateway") + "/metrics"), Duration.ofSeconds(5)).body().contains(runId));

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        NodeList cases = xml.getElementsByTagName("testcase");
        assertEquals(8, cases.getLength());
        assertEquals("8", xml.getDocumentElement().getAttribute("tests"));
        assertEquals("0", xml.getDocumentElement().getAttribute("failures"));
        assertEquals("4", xml.getDocumentElement().getAttribute("skipped"));
        assertEquals(0, Files.list(dir).filter(p -> p.getFileName().toString().endsWith(".tmp")).count());
    }

    @Test
    @Order(2)
    void withGrafanaLokiAndTempoFakesEveryStepPassesAndTheCanaryCorrelates(@TempDir Path dir) throws Exception {
        try (FakeStack fakes = new FakeStack(dir).provisioned()) {
            List<String> args = new java.util.ArrayList<>(fakes.args());
            args.addAll(List.of("-o", "json", "--timeout", "60s"));
            Run run = verify(args.toArray(String[]::new));
            assertEquals(0, run.exit(), run::toString);
            for (StepName s : StepName.values()) {
                assertEquals("ok", step(run, s.name()).path("status").asString(), s + ": " + run);
            }
            String correlation = step(run, "correlation").path("message").asString();
            String traceId = run.err().replaceAll("(?s).*\\(trace id ([0-9a-f]{32})\\).*", "$1");
            assertTrue(correlation.contains("metric, log line and trace of run ") && correlation.contains("sharing trace id " + traceId)
                    && correlation.contains("Loki's derived field 'TraceID' extracts the trace id and opens Tempo"), correlation);
        }
    }

    @Test
    @Order(2)
    void concurrentRunsEachFindTheirOwnSignals() throws Exception {
        var first = obs.core.FanOut.beside(() -> verify("--only", "metrics,alerts", "-o", "json", "--timeout", "60s"));
        Run second = verify("--only", "metrics,alerts", "-o", "json", "--timeout", "60s");
        Run one = first.get();
        assertEquals(0, one.exit(), one::toString);
        assertEquals(0, second.exit(), second::toString);
        String a = Json.mapper().readTree(one.out()).path("runId").asString();
        String b = Json.mapper().readTree(second.out()).path("runId").asString();
        assertTrue(!a.equals(b), a);
        assertTrue(step(one, "metrics").path("message").asString().contains(a) && !one.out().contains(b), one::toString);
        assertTrue(step(second, "metrics").path("message").asString().contains(b) && !second.out().contains(a), second::toString);
    }

    @Test
    @Order(3)
    void aRuleWhoseExpressionFailsAtEvaluationFailsTheMetricsStep() throws Exception {
        Path rule = rules().resolve("zz-broken.yml");
        // Many series of up on both sides with on(): a many-to-many match, which only evaluation finds.
        Files.writeString(rule, """
                groups:
                  - name: verify-broken
                    rules:
                      - record: verify:broken
                        expr: up * on() up
                """);
        try {
            reload("prometheus");
            Run run = verify("--only", "metrics", "--timeout", "30s");
            assertEquals(1, run.exit(), run::toString);
            assertTrue(run.out().contains("rule evaluation fails: group verify-broken") && run.out().contains("verify:broken")
                    && run.out().contains("many-to-many"), run::toString);
        } finally {
            Files.delete(rule);
            reload("prometheus");
        }
    }

    @Test
    @Order(4)
    void aRouteSendingTheDrillToAReceiverWithoutIntegrationsFailsTheAlertsStep() throws Exception {
        Path config = sandbox.stateDir.resolve("alertmanager/config/alertmanager.yml");
        String original = Files.readString(config);
        Files.writeString(config, """
                route:
                  receiver: default
                  group_wait: 1s
                  group_interval: 2s
                  routes:
                    - receiver: blackhole
                      matchers: ['alertname="ObsVerifyFireDrill"']
                receivers:
                  - name: default
                    webhook_configs:
                      - url: http://127.0.0.1:9/nothing-listens
                  - name: blackhole
                """);
        try {
            reload("alertmanager");
            Run run = verify("--only", "alerts", "--timeout", "30s");
            assertEquals(1, run.exit(), run::toString);
            assertTrue(run.out().contains("to receiver 'blackhole', which has no integrations: alerts like it reach no one"), run::toString);
            assertTrue(run.out().contains("drill alert resolved"), run::toString);
        } finally {
            Files.writeString(config, original);
            reload("alertmanager");
        }
    }

    @Test
    @Order(5)
    void withoutTheWatchdogRuleTheAlertsStepFails() throws Exception {
        Path stack = rules().resolve("stack.yml");
        String original = Files.readString(stack);
        Map<String, Object> doc = new org.yaml.snakeyaml.Yaml().load(original);
        for (Object g : (List<?>) doc.get("groups")) {
            ((List<?>) ((Map<?, ?>) g).get("rules")).removeIf(r -> "Watchdog".equals(((Map<?, ?>) r).get("alert")));
        }
        Files.writeString(stack, new org.yaml.snakeyaml.Yaml().dump(doc));
        try {
            reload("prometheus");
            Run run = verify("--only", "alerts", "--timeout", "20s");
            assertEquals(1, run.exit(), run::toString);
            assertTrue(run.out().contains("Watchdog is not held by Alertmanager: no Watchdog rule is loaded in Prometheus"), run::toString);
        } finally {
            Files.writeString(stack, original);
            reload("prometheus");
        }
    }

    @Test
    @Order(6)
    void aStoppedPushgatewayFailsTheMetricsAndComponentsSteps() throws Exception {
        long pid = sandbox.endpoints().components().get("pushgateway").pid();
        SandboxFixture.stop(Set.of(pid));
        // Waits for Prometheus' next scrape to find it down, as an operator's run would some seconds later.
        URI targets = URI.create(sandbox.url("prometheus") + "/api/v1/targets?state=active");
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!PlainHttp.get(targets, Duration.ofSeconds(5)).body().matches("(?s).*\"job\":\"pushgateway\".*\"health\":\"down\".*")
                && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        Run run = verify("--only", "components,metrics", "--timeout", "20s");
        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.out().contains("push to the Pushgateway failed: connection refused"), run::toString);
        String port = URI.create(sandbox.url("pushgateway")).getPort() + "";
        assertTrue(run.out().matches("(?s).*scrape targets down: pushgateway 127\\.0\\.0\\.1:" + port + " \\([^)]*connection refused.*"),
                run::toString);
        assertTrue(run.out().matches("(?s).*components\\s+fail.*pushgateway.*"), run::toString);
    }

    @Test
    @Order(7)
    void whenTheMetricsGeneratorWritesSeriesTheCanarysSpanMetricsMustAppear(@TempDir Path dir) throws Exception {
        try (FakeStack fakes = new FakeStack(dir)) {
            List<String> args = new java.util.ArrayList<>(fakes.args());
            args.addAll(List.of("--only", "traces", "--timeout", "4s"));
            remoteWrite("some-app");
            Run missing = verify(args.toArray(String[]::new));
            assertEquals(1, missing.exit(), missing::toString);
            assertTrue(missing.out().contains("the metrics generator writes series, but traces_spanmetrics_calls_total{service=\"obs-verify\"} "
                    + "did not appear before the deadline"), missing::toString);
            remoteWrite("obs-verify");
            Run present = verify(args.toArray(String[]::new));
            assertEquals(0, present.exit(), present::toString);
            assertTrue(present.out().contains("span metrics of obs-verify in Prometheus"), present::toString);
        }
    }

    /** What Tempo's metrics generator would write for a service, over remote write. */
    private static void remoteWrite(String service) throws IOException {
        byte[] body = RemoteWrite.request(new java.util.TreeMap<>(Map.of("__name__", "traces_spanmetrics_calls_total", "service", service)),
                1, System.currentTimeMillis());
        var reply = PlainHttp.send("POST", URI.create(sandbox.url("prometheus") + "/api/v1/write"), Map.of("Content-Type",
                "application/x-protobuf", "Content-Encoding", "snappy"), body, Duration.ofSeconds(5));
        assertEquals(204, reply.status(), reply::body);
    }

    private static Path rules() {
        return sandbox.stateDir.resolve("prometheus/config/rules");
    }

    private static void reload(String component) throws IOException {
        assertEquals(200, PlainHttp.post(URI.create(sandbox.url(component) + "/-/reload"), Duration.ofSeconds(10)).status());
    }
}
