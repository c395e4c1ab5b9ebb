package obs.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import obs.core.Json;
import obs.grafana.GrafanaAuth;
import obs.grafana.GrafanaClient;
import obs.fakes.GrafanaFake;
import obs.sandbox.SandboxFixture;
import obs.sandbox.SandboxFixture.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The logs, traces, grafana, correlation and alerts steps against fakes that follow the contracts (no cluster, no
 * sandbox: components reached by --endpoint alone): a passing run and one failing case per step, Loki's 429,
 * Alertmanager's 500, JUnit failures, and bad input.
 */
class FakesVerifyTest {
    @TempDir
    Path dir;
    FakeStack fakes;

    @BeforeEach
    void start() throws IOException {
        fakes = new FakeStack(dir);
    }

    @AfterEach
    void stop() {
        fakes.close();
    }

    Run verify(String... args) {
        List<String> all = new ArrayList<>(fakes.args());
        all.addAll(List.of(args));
        return SandboxFixture.run("VerifyInstallation", all.toArray(String[]::new));
    }

    static JsonNode step(Run run, String name) {
        for (JsonNode s : Json.mapper().readTree(run.out()).path("steps")) {
            if (s.path("step").asString().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no step " + name + " in " + run);
    }

    @Test
    void logsPassThroughLokiAndFailWhenTheLineNeverArrives() {
        Run ok = verify("--only", "logs", "-o", "json", "--timeout", "20s");
        assertEquals(0, ok.exit(), ok::toString);
        assertTrue(step(ok, "logs").path("message").asString().startsWith("pushed line found by {job=\"obs-verify\"} |= \"run_id="), ok::toString);
        assertTrue(step(ok, "logs").path("deliveryMs").has("loki"), ok::toString);

        fakes.loki.dropLines();
        Run lost = verify("--only", "logs", "--timeout", "2s");
        assertEquals(1, lost.exit(), lost::toString);
        assertTrue(lost.out().contains("the pushed line never came back from {job=\"obs-verify\"}"), lost::toString);
    }

    @Test
    void lokiAnswering429IsRetriedWithBackoffThenReported() {
        fakes.loki.rateLimit(2);
        Run retried = verify("--only", "logs", "--timeout", "20s");
        assertEquals(0, retried.exit(), retried::toString);
        assertEquals(3, fakes.loki.pushes());

        fakes.loki.rateLimit(1_000_000);
        Run limited = verify("--only", "logs", "--timeout", "2s");
        assertEquals(1, limited.exit(), limited::toString);
        assertTrue(limited.out().contains("push to Loki failed: Loki kept answering 429 (rate limited) until the deadline: "
                + "ingestion rate limit exceeded for user fake"), limited::toString);
        assertTrue(fakes.loki.pushes() > 5 && fakes.loki.pushes() < 40, "backoff, not a busy loop: " + fakes.loki.pushes());
    }

    @Test
    void tracesComeBackByIdOverOtlpZipkinAndJaegerAndFailWhenEmpty() {
        Run ok = verify("--only", "traces", "-o", "json", "--timeout", "20s");
        assertEquals(0, ok.exit(), ok::toString);
        JsonNode traces = step(ok, "traces");
        assertTrue(traces.path("message").asString().contains("sent over OTLP/HTTP fetched back by id"), ok::toString);
        assertTrue(traces.path("message").asString().contains("sent over Zipkin fetched back"), ok::toString);
        assertTrue(traces.path("message").asString().contains("sent over Jaeger (thrift over HTTP) fetched back"), ok::toString);
        assertTrue(traces.path("deliveryMs").has("tempo") && traces.path("deliveryMs").has("tempo-zipkin")
                && traces.path("deliveryMs").has("tempo-jaeger"), ok::toString);

        fakes.tempo.dropSpans();
        Run empty = verify("--only", "traces", "--timeout", "2s");
        assertEquals(1, empty.exit(), empty::toString);
        assertTrue(empty.out().matches("(?s).*OTLP/HTTP trace [0-9a-f]{32} not fetched back by id before the deadline: the trace came back empty.*"),
                empty::toString);
    }

    @Test
    void grafanaPassesWhenProvisionedAndFailsOnAFailingDatasourceOrAMissingUid() throws IOException {
        fakes.provisioned();
        Run ok = verify("--only", "grafana", "--timeout", "20s");
        assertEquals(0, ok.exit(), ok::toString);
        long dashboards;
        try (var files = Files.list(Path.of("manifests/grafana/dashboards"))) {
            dashboards = files.filter(f -> f.toString().endsWith(".json")).count();
        }
        assertTrue(ok.out().contains("4 datasources pass their health check") && ok.out().contains(dashboards + " provisioned dashboards present"), ok::toString);

        fakes.grafana.datasourceFailing("loki");
        fakes.grafana.addDashboardUsing("orphan", "Orphan", null, "gone");
        Run bad = verify("--only", "grafana", "--timeout", "20s");
        assertEquals(1, bad.exit(), bad::toString);
        assertTrue(bad.out().contains("datasource health check fails: Loki (uid loki): "), bad::toString);
        assertTrue(bad.out().contains("dashboard 'Orphan' (uid orphan) names datasource uid gone, which does not exist"), bad::toString);
    }

    @Test
    void correlationFailsWhenLokiHasNoDerivedFieldToTempo() throws IOException {
        try (GrafanaClient client = new GrafanaClient(fakes.grafana.url(), GrafanaAuth.token(GrafanaFake.TOKEN))) {
            for (JsonNode ds : FakeStack.datasources()) {
                if (ds.path("type").asString().equals("loki")) {
                    ((ObjectNode) ds.path("jsonData")).remove("derivedFields");
                }
                client.objects().createDatasource(ds);
            }
        }
        Run run = verify("--only", "logs,traces,correlation", "--endpoint", "prometheus=http://127.0.0.1:1", "--timeout", "20s");
        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.out().matches("(?s).*logs\\s+ok.*traces\\s+ok.*"), run::toString);
        assertTrue(run.out().contains("Loki's datasource has no derived field linking to Tempo (uid tempo): trace ids in log lines are not links"),
                run::toString);
        assertTrue(run.out().contains("Tempo's trace-to-logs opens Loki (uid loki)"), run::toString);
        assertTrue(run.out().contains("not found again, so not correlated: the metric (metrics step)"), run::toString);
    }

    @Test
    void alertmanagerAnswering500FailsTheFireDrill() throws IOException {
        HttpServer am = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        am.createContext("/", x -> {
            byte[] body = "internal error: storage failure\n".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(500, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        am.start();
        try {
            Run run = verify("--only", "alerts", "--endpoint", "alertmanager=http://127.0.0.1:" + am.getAddress().getPort(), "--timeout", "2s");
            assertEquals(1, run.exit(), run::toString);
            assertTrue(run.out().contains("fire drill: posting the alert failed: Alertmanager answered HTTP 500: internal error: storage failure"),
                    run::toString);
            assertTrue(run.out().contains("Watchdog is not held by Alertmanager: Alertmanager answered HTTP 500"), run::toString);
        } finally {
            am.stop(0);
        }
    }

    @Test
    void ctrlCResolvesTheDrillAlert() throws Exception {
        List<JsonNode> posts = java.util.Collections.synchronizedList(new ArrayList<>());
        HttpServer am = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        am.createContext("/", x -> {
            if (x.getRequestMethod().equals("POST")) {
                posts.add(Json.mapper().readTree(x.getRequestBody().readAllBytes()));
            }
            // The drill never shows in this Alertmanager: the run keeps polling until interrupted.
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        am.start();
        try {
            Process p = SandboxFixture.launch(java.util.Map.of(), dir.resolve("out.txt"), "VerifyInstallation", "--only", "alerts",
                    "--endpoint", "alertmanager=http://127.0.0.1:" + am.getAddress().getPort(), "--timeout", "5m");
            long until = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            while (posts.isEmpty() && System.nanoTime() < until && p.isAlive()) {
                Thread.sleep(20);
            }
            assertEquals(1, posts.size(), () -> "the drill was posted: " + readOut());
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "exits on Ctrl-C");
            assertEquals(2, posts.size(), () -> "the drill was resolved: " + readOut());
            JsonNode resolve = posts.get(1).get(0);
            assertEquals(posts.get(0).get(0).path("labels"), resolve.path("labels"));
            assertTrue(!java.time.Instant.parse(resolve.path("endsAt").asString()).isAfter(java.time.Instant.now()), resolve::toString);
        } finally {
            am.stop(0);
        }
    }

    private String readOut() {
        try {
            return Files.readString(dir.resolve("out.txt"));
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    @Test
    void junitCarriesFailureMessagesAndSkipReasons() throws Exception {
        fakes.loki.dropLines();
        Path junit = dir.resolve("out.xml");
        Run run = verify("--only", "logs,traces,grafana", "--skip", "grafana", "--timeout", "2s", "--junit", junit.toString());
        assertEquals(1, run.exit(), run::toString);
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        assertEquals(2, xml.getElementsByTagName("testcase").getLength());
        Element logs = (Element) xml.getElementsByTagName("testcase").item(0);
        assertEquals("logs", logs.getAttribute("name"));
        Element failure = (Element) logs.getElementsByTagName("failure").item(0);
        assertTrue(failure.getAttribute("message").startsWith("the pushed line never came back from {job=\"obs-verify\"}"), () -> failure.getAttribute("message"));
        assertEquals(0, ((Element) xml.getElementsByTagName("testcase").item(1)).getElementsByTagName("failure").getLength());
        assertEquals("1", xml.getDocumentElement().getAttribute("failures"));
    }

    @Test
    void badInputIsAUsageErrorNamingIt() {
        Run unknown = SandboxFixture.run("VerifyInstallation", "--only", "metrics,bogus", "--endpoint", "prometheus=http://127.0.0.1:1");
        assertEquals(2, unknown.exit(), unknown::toString);
        assertTrue(unknown.err().startsWith("[obs] error: --only: unknown step 'bogus' (steps: components, metrics, logs, traces, "
                + "correlation, alerts, grafana, network)\n"), unknown::toString);
        Run none = SandboxFixture.run("VerifyInstallation", "--only", "logs", "--skip", "logs");
        assertEquals(2, none.exit(), none::toString);
        assertTrue(none.err().startsWith("[obs] error: --only and --skip leave no step to run"), none::toString);
        Run junit = SandboxFixture.run("VerifyInstallation", "--junit", dir.resolve("missing/out.xml").toString());
        assertEquals(2, junit.exit(), junit::toString);
        assertTrue(junit.err().startsWith("[obs] error: --junit " + dir.resolve("missing/out.xml") + ": no such folder"), junit::toString);
        Run token = SandboxFixture.run("VerifyInstallation", "--grafana-token-file", "/dev/zero");
        assertEquals(2, token.exit(), token::toString);
        assertTrue(token.err().startsWith("[obs] error: /dev/zero: not a regular file"), token::toString);
        Run port = SandboxFixture.run("VerifyInstallation", "--endpoint", "tempo:otlp=http://127.0.0.1:1");
        assertEquals(2, port.exit(), port::toString);
        assertTrue(port.err().contains("component 'tempo' has no port 'otlp' (ports: [http, otlp-grpc, otlp-http,"), port::toString);
    }

    @Test
    void anUnreachableClusterIsExit3() throws IOException {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: gone, cluster: {server: "https://127.0.0.1:1"}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: gone, context: {cluster: gone, user: u}}]
                current-context: gone
                """);
        Run run = SandboxFixture.run("VerifyInstallation", "ao", "--kubeconfig", kubeconfig.toString());
        assertEquals(3, run.exit(), run::toString);
        assertTrue(run.err().startsWith("[obs] error: "), run::toString);
        assertTrue(!run.err().contains("Exception"), run::toString);
    }
}
