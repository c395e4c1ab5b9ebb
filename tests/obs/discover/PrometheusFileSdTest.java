package obs.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import obs.core.Json;
import obs.exec.Tools;
import obs.probe.Daemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;

/**
 * Debian's real Prometheus loads the files --apply writes (ApplyTest's exact content) through the shipped
 * `discovered` and `blackbox` jobs of manifests/prometheus/prometheus.yml, and lists the targets with the labels
 * discovery set: namespace, service, team, and the module for probes.
 */
class PrometheusFileSdTest {
    @TempDir static Path dir;
    static Daemon prometheus;
    static int port;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void start() throws Exception {
        Assumptions.assumeTrue(Tools.find("prometheus").isPresent(), "prometheus is not installed (apt-get install prometheus)");
        Path files = Files.createDirectories(dir.resolve("discovered"));
        Files.writeString(files.resolve(Coverage.SCRAPE_KEY), ApplyTest.SCRAPE);
        Files.writeString(files.resolve(Coverage.PROBES_KEY), ApplyTest.PROBES);
        Map<String, Object> shipped = new Yaml(new SafeConstructor(new LoaderOptions())).load(Lab.read("manifests/prometheus/prometheus.yml"));
        List<Map<String, Object>> jobs = ((List<Map<String, Object>>) shipped.get("scrape_configs")).stream()
                .filter(j -> List.of("discovered", "blackbox").contains(j.get("job_name"))).toList();
        for (Map<String, Object> job : jobs) {
            for (Map<String, Object> sd : (List<Map<String, Object>>) job.get("file_sd_configs")) {
                sd.put("files", ((List<String>) sd.get("files")).stream()
                        .map(f -> f.replace("/etc/prometheus/discovered", files.toString())).toList());
            }
        }
        Path config = dir.resolve("prometheus.yml");
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Files.writeString(config, new Yaml(options).dump(Map.of("global", shipped.get("global"), "scrape_configs", jobs)));
        port = Daemon.freePort();
        prometheus = Daemon.start(List.of("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port), dir.resolve("prometheus.log"), URI.create("http://127.0.0.1:" + port + "/-/ready"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void theTargetsAppearWithDiscoverysLabels() throws Exception {
        Map<String, String> byInstance = new TreeMap<>();
        for (JsonNode t : targets(6)) {
            byInstance.put(t.path("labels").path("instance").asString(), t.path("labels").toString() + " " + t.path("scrapeUrl").asString());
        }
        assertEquals(Map.of(
                "orders.apps.svc:9102", "{\"instance\":\"orders.apps.svc:9102\",\"job\":\"discovered\",\"namespace\":\"apps\","
                        + "\"service\":\"orders\"} https://orders.apps.svc:9102/metrics",
                "billing.apps.svc:5432", probe("billing.apps.svc:5432", "tcp_connect", "apps", "billing", null),
                "http://cxtaf-grafana-svc.cxtaf-cxeng-ui.svc:80/", probe("http://cxtaf-grafana-svc.cxtaf-cxeng-ui.svc:80/", "http_2xx",
                        "cxtaf-cxeng-ui", "cxtaf-grafana-svc", "cxtaf"),
                "cxtm-mariadb.cxtm.svc:3306", probe("cxtm-mariadb.cxtm.svc:3306", "mysql_handshake", "cxtm", "cxtm-mariadb", "cxtm"),
                "cxtm-redis.cxtm.svc:6379", probe("cxtm-redis.cxtm.svc:6379", "redis_ping", "cxtm", "cxtm-redis", "cxtm"),
                "http://cxtm-web.cxtm.svc:8080/", probe("http://cxtm-web.cxtm.svc:8080/", "http_2xx", "cxtm", "cxtm-web", "cxtm")),
                byInstance);
    }

    private static String probe(String target, String module, String ns, String service, String team) {
        String encoded = java.net.URLEncoder.encode(target, java.nio.charset.StandardCharsets.UTF_8);
        return "{\"instance\":\"" + target + "\",\"job\":\"blackbox\",\"module\":\"" + module + "\",\"namespace\":\"" + ns
                + "\",\"service\":\"" + service + "\"" + (team == null ? "" : ",\"team\":\"" + team + "\"")
                + "} http://blackbox-exporter:9115/probe?module=" + module + "&target=" + encoded;
    }

    /** The active targets that carry a service label, once there are {@code n} of them (at most 60 s). */
    private static List<JsonNode> targets(int n) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/targets?state=active");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<JsonNode> found = List.of();
        while (System.nanoTime() < end) {
            JsonNode root = Json.mapper().readTree(client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body());
            List<JsonNode> all = new java.util.ArrayList<>();
            root.path("data").path("activeTargets").forEach(all::add);
            found = all.stream().filter(t -> t.path("labels").has("service")).toList();
            if (found.size() == n) {
                return found;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Prometheus never listed " + n + " discovered targets: " + found + "\n" + prometheus.log());
    }
}
