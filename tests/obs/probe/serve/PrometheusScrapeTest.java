package obs.probe.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import obs.exec.Tools;
import obs.probe.Daemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real Prometheus (Debian's) scrapes the exporter's /metrics and, blackbox-style, its /probe. */
class PrometheusScrapeTest {
    @TempDir
    static Path dir;
    static HttpServer target;
    static Exporter exporter;
    static Daemon prometheus;
    static int promPort;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Tools.find("prometheus").isPresent(), "prometheus is not installed (apt-get install prometheus)");
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        target.start();
        int tcp = target.getAddress().getPort();
        Path targets = dir.resolve("targets.yaml");
        Files.writeString(targets, "interval: 1s\ntargets:\n  - target: tcp://127.0.0.1:" + tcp + "\n");
        exporter = ExporterTest.start(targets);
        String exporterAddress = "127.0.0.1:" + exporter.port();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global: {scrape_interval: 1s, evaluation_interval: 1s}",
                "scrape_configs:",
                "  - job_name: mtr-analyzer",
                "    static_configs: [{targets: ['" + exporterAddress + "']}]",
                "  - job_name: obs-probe",
                "    metrics_path: /probe",
                "    params: {module: [tcp_connect]}",
                "    static_configs: [{targets: ['127.0.0.1:" + tcp + "']}]",
                "    relabel_configs:",
                "      - {source_labels: [__address__], target_label: __param_target}",
                "      - {source_labels: [__param_target], target_label: instance}",
                "      - {target_label: __address__, replacement: '" + exporterAddress + "'}", ""));
        promPort = Daemon.freePort();
        prometheus = Daemon.start(List.of("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + promPort), dir.resolve("prometheus.log"),
                URI.create("http://127.0.0.1:" + promPort + "/-/ready"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.close();
        }
        if (exporter != null) {
            exporter.close();
        }
        if (target != null) {
            target.stop(0);
        }
    }

    @Test
    void bothJobsAreUpAndReportSuccess() throws Exception {
        JsonNode result = await("probe_success", 2);
        for (JsonNode series : result) {
            assertEquals("1", series.get("value").get(1).asString(), series.toString());
        }
        assertEquals(2, await("up == 1", 2).size());
        JsonNode viaMetrics = await("probe_success{job=\"mtr-analyzer\",module=\"tcp_connect\"}", 1);
        assertTrue(viaMetrics.get(0).get("metric").get("target").asString().startsWith("tcp://127.0.0.1:"));
    }

    /** Queries until the result has {@code n} series (at most 30 s). */
    private static JsonNode await(String query, int n) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + promPort + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode result = null;
        while (System.nanoTime() < end) {
            String body = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
            result = JsonMapper.builder().build().readTree(body).path("data").path("result");
            if (result.size() == n) {
                return result;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(query + " never had " + n + " series: " + result + "\n" + prometheus.log());
    }
}
