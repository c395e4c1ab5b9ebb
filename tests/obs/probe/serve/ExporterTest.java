package obs.probe.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import obs.cli.Console;
import obs.cli.OutputOptions;
import obs.core.ObsException;
import obs.exec.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exporter in-process on a loopback port: scheduled metrics, /probe, health, reload, promtool's verdict. */
class ExporterTest {
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    @TempDir
    static Path dir;
    static HttpServer target;
    static Exporter exporter;
    static Path targets;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        target.createContext("/", ex -> {
            ex.sendResponseHeaders(200, 3);
            ex.getResponseBody().write("ok\n".getBytes());
            ex.close();
        });
        target.start();
        targets = dir.resolve("targets.yaml");
        Files.writeString(targets, targetsYaml(true));
        exporter = start(targets);
        base = "http://127.0.0.1:" + exporter.port();
    }

    static Exporter start(Path file) {
        Console console = new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                new OutputOptions(), false, null);
        return Exporter.start(new Exporter.Settings(file, Path.of("tests/resources/probe/modules.yml"),
                new InetSocketAddress("127.0.0.1", 0), 16, Duration.ofMillis(200), "fping", "mtr"), console);
    }

    static String targetsYaml(boolean withPath) {
        int port = target.getAddress().getPort();
        return "interval: 1s\nlabels: {site: test}\ntargets:\n"
                + "  - target: http://127.0.0.1:" + port + "/\n    labels: {service: web}\n"
                + "  - target: tcp://127.0.0.1:" + port + "\n"
                + "  - target: icmp://127.0.0.1\n    packets: 2\n"
                + (withPath ? "  - target: path://127.0.0.1\n    packets: 2\n" : "");
    }

    @AfterAll
    static void stop() {
        if (exporter != null) {
            exporter.close();
        }
        target.stop(0);
    }

    @Test
    void scheduledProbesBecomeLabelledMetrics() throws Exception {
        String metrics = await(m -> m.contains("probe_path_hop_loss_ratio") && m.contains("probe_icmp_packets_received"));
        int port = target.getAddress().getPort();
        assertTrue(metrics.contains("probe_success{module=\"http_2xx\",service=\"web\",site=\"test\",target=\"http://127.0.0.1:"
                + port + "/\"} 1.0"), metrics);
        assertTrue(metrics.contains("probe_http_status_code{module=\"http_2xx\",service=\"web\""), metrics);
        assertTrue(metrics.contains("probe_path_hop_loss_ratio{hop=\"1\",hop_ip=\"127.0.0.1\",module=\"path\",site=\"test\","
                + "target=\"path://127.0.0.1\"} 0.0"), metrics);
        assertTrue(metrics.contains("probe_path_changes_total{module=\"path\",site=\"test\",target=\"path://127.0.0.1\"} 0"), metrics);
        assertTrue(metrics.contains("probe_latency_seconds_count{module=\"icmp\",target=\"icmp://127.0.0.1\"}"), metrics);
        assertTrue(metrics.contains("obs_probe_targets 4.0"), metrics);
    }

    @Test
    void promtoolAcceptsTheExposition() throws Exception {
        Assumptions.assumeTrue(Tools.find("promtool").isPresent(), "promtool is not installed (apt-get install prometheus)");
        String metrics = await(m -> m.contains("probe_path_hops") && m.contains("probe_http_status_code"));
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(metrics.getBytes());
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        Process probe = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        probe.getOutputStream().write(get("/probe?target=tcp://127.0.0.1:" + target.getAddress().getPort()
                + "&module=tcp_connect").body().getBytes());
        probe.getOutputStream().close();
        String probeOut = new String(probe.getInputStream().readAllBytes());
        assertTrue(probe.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, probe.exitValue(), probeOut);
    }

    @Test
    void probeEndpointAnswersLikeBlackbox() throws Exception {
        HttpResponse<String> ok = get("/probe?target=127.0.0.1:" + target.getAddress().getPort() + "&module=tcp_connect");
        assertEquals(200, ok.statusCode());
        assertTrue(ok.body().contains("\nprobe_success 1.0\n"), ok.body());
        assertTrue(ok.body().contains("probe_ip_protocol 4.0"), ok.body());
        HttpResponse<String> http = get("/probe?target=http%3A%2F%2F127.0.0.1%3A" + target.getAddress().getPort() + "%2F");
        assertTrue(http.body().contains("probe_http_status_code 200.0"), "module defaults to http_2xx: " + http.body());
        HttpResponse<String> fail = get("/probe?target=127.0.0.1:1&module=tcp_connect");
        assertTrue(fail.body().contains("\nprobe_success 0.0\n"), fail.body());
        assertEquals(400, get("/probe?module=tcp_connect").statusCode());
        HttpResponse<String> unknown = get("/probe?target=x:1&module=nosuch");
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().startsWith("unknown module 'nosuch'"), unknown.body());
    }

    @Test
    void aMalformedQueryIsA400InWords() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", exporter.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /probe?target=%ZZ HTTP/1.1\r\nConnection: close\r\n\r\n".getBytes());
            String reply = new String(s.getInputStream().readAllBytes());
            assertTrue(reply.startsWith("HTTP/1.1 400 Bad Request\r\n"), reply);
            assertTrue(reply.endsWith("\r\n\r\nmalformed query: '%ZZ' is not a %-escape (% and two hex digits)\n"), reply);
        }
    }

    @Test
    void debugSaysWhyAProbeFailed() throws Exception {
        HttpResponse<String> debug = get("/probe?target=127.0.0.1:1&module=tcp_connect&debug=true");
        assertEquals(200, debug.statusCode());
        assertEquals("text/plain; charset=utf-8", debug.headers().firstValue("Content-Type").orElse(""));
        String body = debug.body();
        assertTrue(body.startsWith("Logs for the probe:\n"), body);
        assertTrue(body.matches("(?s).* module=tcp_connect target=127\\.0\\.0\\.1:1 msg=\"Probe failed: connection refused by 127\\.0\\.0\\.1:1\" "
                + "duration_seconds=\\d+\\.\\d{6}\n.*"), body);
        assertTrue(body.contains("\n\n\n\nMetrics that would have been returned:\n# HELP"), body);
        assertTrue(body.contains("\nprobe_success 0.0\n"), body);
        assertTrue(body.contains("\n\n\n\nModule configuration:\nname: tcp_connect\nprober: tcp\ntimeout: 5s\ndefined at: tests/resources/probe/modules.yml:"), body);
    }

    @Test
    void healthAndReadiness() throws Exception {
        assertEquals(200, get("/-/healthy").statusCode());
        assertEquals(200, get("/-/ready").statusCode());
        assertEquals(405, get("/-/reload").statusCode());
        assertEquals(404, get("/nothing").statusCode());
    }

    @Test
    void aTakenPortIsNamedAsTheUserWroteIt() {
        Console console = new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                new OutputOptions(), false, null);
        ObsException e = assertThrows(ObsException.class, () -> Exporter.start(new Exporter.Settings(targets,
                Path.of("tests/resources/probe/modules.yml"), new InetSocketAddress("127.0.0.1", exporter.port()), 16,
                Duration.ofMillis(200), "fping", "mtr"), console));
        assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + exporter.port() + ": "), e.getMessage());
    }

    @Test
    void editsAreReloadedAndABadEditKeepsTheTargets() throws Exception {
        Path file = dir.resolve("reload.yaml");
        Files.writeString(file, targetsYaml(true));
        try (Exporter own = start(file)) {
            String url = "http://127.0.0.1:" + own.port() + "/metrics";
            await(url, m -> m.contains("probe_path_hops"));
            Files.writeString(file, targetsYaml(false));
            String after = await(url, m -> m.contains("obs_probe_targets 3.0") && !m.contains("probe_path_hops"));
            assertTrue(after.contains("obs_probe_config_last_reload_successful 1.0"), after);
            Files.writeString(file, targetsYaml(false) + "  - target: tcp://127.0.0.1:1\n    modul: tcp_connect\n");
            String bad = await(url, m -> m.contains("obs_probe_config_last_reload_successful 0.0"));
            assertTrue(bad.contains("obs_probe_targets 3.0"), bad);
            assertTrue(bad.contains("probe_success{module=\"tcp_connect\""), bad);
        }
    }

    static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String await(Predicate<String> until) throws Exception {
        return await(base + "/metrics", until);
    }

    /** Polls a metrics URL until the predicate holds (at most 20 s) and returns that body. */
    static String await(String url, Predicate<String> until) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String body = "";
        while (System.nanoTime() < end) {
            body = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
            if (until.test(body)) {
                return body;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("metrics never matched; last:\n" + body);
    }
}
