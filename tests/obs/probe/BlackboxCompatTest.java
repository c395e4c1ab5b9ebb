package obs.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import obs.exec.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same targets and modules file through the real blackbox exporter (Debian's) and through obs: success and
 * the main measurements must agree.
 */
class BlackboxCompatTest {
    /** Measurements compared exactly whenever blackbox reports them. */
    private static final List<String> SAME = List.of("probe_success", "probe_http_status_code", "probe_http_redirects",
            "probe_http_ssl", "probe_http_version", "probe_failed_due_to_regex", "probe_ip_protocol", "probe_ip_addr_hash",
            "probe_ssl_earliest_cert_expiry", "probe_dns_answer_rrs", "probe_dns_authority_rrs", "probe_dns_additional_rrs",
            "probe_http_content_length");
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static Daemon blackbox;
    static Dnsmasq dns;
    static HttpServer http;
    static HttpsServer https;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Tools.find("prometheus-blackbox-exporter").isPresent(),
                "prometheus-blackbox-exporter is not installed");
        http = LocalServers.http();
        https = LocalServers.https(Certificates.valid(dir).serverContext());
        if (Dnsmasq.installed()) {
            dns = Dnsmasq.start(dir);
        }
        port = Daemon.freePort();
        blackbox = Daemon.start(List.of("prometheus-blackbox-exporter", "--config.file=" + ModuleFileTest.FIXTURES.resolve("modules.yml"),
                "--web.listen-address=127.0.0.1:" + port), dir.resolve("blackbox.log"), URI.create("http://127.0.0.1:" + port + "/-/healthy"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (blackbox != null) {
            blackbox.close();
        }
        if (dns != null) {
            dns.close();
        }
        if (http != null) {
            http.stop(0);
            https.stop(0);
        }
    }

    @Test
    void blackboxAndObsAgree() throws Exception {
        List<String[]> cases = new ArrayList<>(List.of(
                new String[] {LocalServers.url(http, "/ok"), "http_2xx"},
                new String[] {LocalServers.url(http, "/ok"), "http_body"},
                new String[] {LocalServers.url(http, "/big"), "http_body"},
                new String[] {LocalServers.url(http, "/status/503"), "http_2xx"},
                new String[] {LocalServers.url(http, "/redirect"), "http_2xx"},
                new String[] {LocalServers.url(http, "/redirect"), "http_no_redirect"},
                new String[] {LocalServers.url(http, "/headers"), "http_header"},
                new String[] {LocalServers.url(http, "/post"), "http_post"},
                new String[] {LocalServers.url(http, "/auth"), "http_auth"},
                new String[] {LocalServers.url(https, "/ok"), "https_insecure"},
                new String[] {LocalServers.url(https, "/ok"), "https_verify"},
                new String[] {LocalServers.url(http, "/ok"), "https_insecure"},
                new String[] {"127.0.0.1:" + http.getAddress().getPort(), "tcp_connect"},
                new String[] {"127.0.0.1:1", "tcp_connect"},
                new String[] {"127.0.0.1:" + https.getAddress().getPort(), "tls_insecure"},
                new String[] {"127.0.0.1", "icmp"}));
        if (dns != null) {
            cases.add(new String[] {"127.0.0.1:" + dns.port, "dns_web"});
            cases.add(new String[] {"127.0.0.1:" + dns.port, "dns_web_tcp"});
            cases.add(new String[] {"127.0.0.1:" + dns.port, "dns_not_bad"});
            cases.add(new String[] {"127.0.0.1:" + dns.port, "dns_missing"});
            cases.add(new String[] {"127.0.0.1:" + dns.port, "dns_no_additional"});
        }
        List<String> differences = new ArrayList<>();
        for (String[] c : cases) {
            Map<String, Double> theirs = blackbox(c[0], c[1]);
            ProbeResult ours = Samples.probe(c[0], c[1]);
            for (String name : SAME) {
                Double expected = theirs.get(name);
                double actual = Samples.value(ours, name);
                if (expected != null && expected != -6.21355968e10 && Double.compare(expected, actual) != 0) {
                    differences.add(c[1] + " " + c[0] + ": " + name + " blackbox=" + expected + " obs=" + actual
                            + (ours.error() == null ? "" : " (" + ours.error() + ")"));
                }
            }
        }
        assertEquals(List.of(), differences);
    }

    /** A module the file does not define is unknown to both, even where obs has a built-in of that name. */
    @Test
    void aModuleMissingFromTheFileIsUnknownToBoth() throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + "/probe?module=tls_connect&target=127.0.0.1:1");
        HttpResponse<String> theirs = CLIENT.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, theirs.statusCode());
        assertTrue(theirs.body().startsWith("Unknown module \"tls_connect\""), theirs.body());
        obs.core.ObsException ours = org.junit.jupiter.api.Assertions.assertThrows(obs.core.ObsException.class,
                () -> Samples.MODULES.get("tls_connect"));
        assertTrue(ours.getMessage().startsWith("unknown module 'tls_connect'"), ours.getMessage());
    }

    /**
     * The shipped http_2xx against an HTTP/1.0 server, next to blackbox's own default module (upstream blackbox.yml:
     * just {@code prober: http}): both accept it.
     */
    @Test
    void theShippedHttpModuleAcceptsHttp10AsBlackboxsDefaultDoes() throws Exception {
        Path defaults = dir.resolve("upstream-default.yml");
        java.nio.file.Files.writeString(defaults, "modules:\n  http_2xx:\n    prober: http\n");
        int otherPort = Daemon.freePort();
        try (java.net.ServerSocket old = LocalServers.http10();
             Daemon upstream = Daemon.start(List.of("prometheus-blackbox-exporter", "--config.file=" + defaults,
                     "--web.listen-address=127.0.0.1:" + otherPort), dir.resolve("blackbox-default.log"),
                     URI.create("http://127.0.0.1:" + otherPort + "/-/healthy"))) {
            String target = "http://127.0.0.1:" + old.getLocalPort() + "/";
            Map<String, Double> theirs = blackbox(otherPort, target, "http_2xx");
            obs.probe.config.Modules shipped = obs.probe.config.Modules.load(Path.of(ProbeRun.DEPLOYED_MODULES));
            ProbeResult ours = ProbeEngine.system(PathHistory.inMemory())
                    .probe(new TargetParser(shipped).parse(target, "http_2xx", Map.of()), null);
            assertEquals(1.0, theirs.get("probe_success"));
            assertEquals(1.0, theirs.get("probe_http_version"));
            assertEquals(1.0, Samples.value(ours, "probe_success"), ours.error());
            assertEquals(1.0, Samples.value(ours, "probe_http_version"));
        }
    }

    /** Blackbox's /probe answer as name{labels-less} -> value, for unlabelled samples. */
    private static Map<String, Double> blackbox(String target, String module) throws Exception {
        return blackbox(port, target, module);
    }

    private static Map<String, Double> blackbox(int port, String target, String module) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + "/probe?module=" + module + "&target="
                + URLEncoder.encode(target, StandardCharsets.UTF_8));
        String body = CLIENT.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> out = new HashMap<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("#") || line.isBlank() || line.contains("{")) {
                continue;
            }
            String[] kv = line.split(" ");
            out.put(kv[0], Double.parseDouble(kv[1]));
        }
        return out;
    }
}
