package obs.probe.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import obs.cli.Console;
import obs.cli.OutputOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the exporter shows and remembers: no credentials, only the file's modules, path history across restarts. */
class ExporterStateTest {
    private static final Path MODULES = Path.of("tests/resources/probe/modules.yml");
    @TempDir
    Path dir;

    @Test
    void credentialsNeverReachMetricsOrDebugOutput() throws Exception {
        HttpServer web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        web.createContext("/", ex -> {
            ex.sendResponseHeaders(200, 3);
            ex.getResponseBody().write("ok\n".getBytes());
            ex.close();
        });
        web.start();
        String url = "http://admin:s3cret@127.0.0.1:" + web.getAddress().getPort() + "/";
        Path targets = dir.resolve("targets.yaml");
        Files.writeString(targets, "interval: 1s\ntargets:\n  - target: " + url + "\n");
        try (Exporter exporter = start(targets, "mtr", null)) {
            String base = "http://127.0.0.1:" + exporter.port();
            String metrics = ExporterTest.await(base + "/metrics", m -> m.contains("probe_success{"));
            assertTrue(metrics.contains("target=\"http://admin:xxxxx@127.0.0.1:"), metrics);
            assertFalse(metrics.contains("s3cret"), metrics);
            String debug = get(base + "/probe?module=http_2xx&debug=true&target=" + URLEncoder.encode(url, StandardCharsets.UTF_8)).body();
            assertTrue(debug.contains("target=http://admin:xxxxx@"), debug);
            assertFalse(debug.contains("s3cret"), debug);
            String module = get(base + "/probe?module=http_auth&debug=true&target=" + URLEncoder.encode(
                    "http://127.0.0.1:" + web.getAddress().getPort() + "/", StandardCharsets.UTF_8)).body();
            assertTrue(module.contains("username=obs, secret=<secret>"), module);
        } finally {
            web.stop(0);
        }
    }

    @Test
    void aModuleMissingFromTheFileIsUnknownEvenIfBuiltIn() throws Exception {
        Path targets = dir.resolve("targets.yaml");
        Files.writeString(targets, "targets:\n  - target: tcp://127.0.0.1:9\n");
        try (Exporter exporter = start(targets, "mtr", null)) {
            HttpResponse<String> r = get("http://127.0.0.1:" + exporter.port() + "/probe?module=tls_connect&target=127.0.0.1:1");
            assertEquals(400, r.statusCode());
            assertTrue(r.body().startsWith("unknown module 'tls_connect' in " + MODULES), r.body());
        }
    }

    @Test
    void aStateFileCarriesPathHistoryOverARestart() throws Exception {
        Path hop = dir.resolve("hop");
        Files.writeString(hop, "10.0.1.254");
        String mtr = obs.probe.FakeTools.mtrVia(dir, hop);
        Path targets = dir.resolve("targets.yaml");
        Files.writeString(targets, "interval: 1s\ntargets:\n  - target: path://127.0.0.1\n    packets: 1\n");
        Path state = dir.resolve("state/paths.json");
        try (Exporter first = start(targets, mtr, state)) {
            ExporterTest.await("http://127.0.0.1:" + first.port() + "/metrics", m -> m.contains("probe_path_changed{"));
        }
        assertTrue(Files.isRegularFile(state));
        Files.writeString(hop, "10.0.3.254");
        try (Exporter second = start(targets, mtr, state)) {
            String metrics = ExporterTest.await("http://127.0.0.1:" + second.port() + "/metrics",
                    m -> m.contains("hop_ip=\"10.0.3.254\""));
            assertTrue(metrics.contains("probe_path_changed{module=\"path\",target=\"path://127.0.0.1\"} 1.0"), metrics);
        }
    }

    private static Exporter start(Path targets, String mtr, Path state) {
        Console console = new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                new OutputOptions(), false, null);
        return Exporter.start(new Exporter.Settings(targets, MODULES, new InetSocketAddress("127.0.0.1", 0), 4,
                Duration.ofSeconds(30), "fping", mtr, state), console);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return ExporterTest.CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
