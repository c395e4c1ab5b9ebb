package obs.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Runs the real validators from Debian's packages against the shipped configuration files. A test is
 * skipped only when its binary is not installed.
 */
class ValidatorsTest {

    private static final long TIMEOUT = 60;

    private static Path tool(String name) {
        Optional<Path> p = Manifests.which(name);
        Assumptions.assumeTrue(p.isPresent(), name + " is not installed");
        return p.get();
    }

    private static Path prometheusDir() {
        return Manifests.folder("prometheus");
    }

    private static List<String> ruleFiles() throws IOException {
        return AlertRulesTest.ruleFiles().stream().map(Path::toString).toList();
    }

    @Test
    void promtoolAcceptsTheRuleFiles() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(tool("promtool").toString(), "check", "rules"));
        cmd.addAll(ruleFiles());
        Manifests.Result r = Manifests.run(prometheusDir(), TIMEOUT, cmd.toArray(String[]::new));
        assertEquals(0, r.exit(), r.output());
    }

    /**
     * Debian builds promtool without Kubernetes service discovery, so it rejects every
     * kubernetes_sd_configs block. The check runs on a copy in which those blocks become file_sd_configs
     * and the in-cluster credential paths point at temporary files; everything else (relabelling,
     * regexes, durations, alerting, and the rule files through rule_files) is checked as shipped. Where
     * promtool does know Kubernetes discovery, the file is also checked unchanged.
     */
    @Test
    void promtoolAcceptsThePrometheusConfiguration(@TempDir Path tmp) throws IOException {
        Path promtool = tool("promtool");
        Path original = prometheusDir().resolve("prometheus.yml");

        Manifests.Result direct = Manifests.run(prometheusDir(), TIMEOUT, promtool.toString(), "check", "config",
                "--syntax-only", original.toString());
        if (!direct.output().contains("field kubernetes_sd_configs not found")) {
            assertEquals(0, direct.exit(), direct.output());
        }

        Path empty = Files.writeString(tmp.resolve("targets.json"), "[]");
        Path dummy = Files.writeString(tmp.resolve("credential"), "x");
        Map<String, Object> config = Manifests.loadMap(original);
        rewrite(config, empty, dummy);
        config.put("rule_files", List.of(prometheusDir().resolve("rules").toAbsolutePath() + "/*.yml"));
        DumperOptions opts = new DumperOptions();
        opts.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Path copy = Files.writeString(tmp.resolve("prometheus.yml"), new Yaml(opts).dump(config));

        Manifests.Result r = Manifests.run(tmp, TIMEOUT, promtool.toString(), "check", "config", copy.toString());
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("SUCCESS"), r.output());
    }

    @SuppressWarnings("unchecked")
    private static void rewrite(Object node, Path targets, Path credential) {
        if (node instanceof Map<?, ?> raw) {
            Map<String, Object> m = (Map<String, Object>) raw;
            if (m.containsKey("kubernetes_sd_configs")) {
                m.remove("kubernetes_sd_configs");
                List<Object> fileSd = new ArrayList<>((List<Object>) m.getOrDefault("file_sd_configs", List.of()));
                fileSd.add(Map.of("files", List.of(targets.toString())));
                m.put("file_sd_configs", fileSd);
            }
            for (String key : List.of("ca_file", "credentials_file")) {
                if (m.containsKey(key)) {
                    m.put(key, credential.toString());
                }
            }
            m.values().forEach(v -> rewrite(v, targets, credential));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> rewrite(v, targets, credential));
        }
    }

    @Test
    void amtoolAcceptsTheAlertmanagerConfiguration() {
        Path dir = Manifests.folder("alertmanager");
        Manifests.Result r = Manifests.run(dir, TIMEOUT, tool("amtool").toString(), "check-config", "alertmanager.yml");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("SUCCESS"), r.output());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "alertname=Watchdog severity=none                                  | watchdog",
            "alertname=NodeDown severity=critical                              | critical",
            "alertname=NodeHighCPU severity=warning                            | warning",
            "alertname=KubeContainerOOMKilled severity=info                    | default",
            "alertname=TargetDown severity=warning namespace=cxtm team=cxtm    | cxtm,warning",
            "alertname=ProbeFailed severity=critical namespace=cxtaf-cxeng-ui  | cxtaf,critical",
            "alertname=MariaDBDown severity=critical team=cxtm                 | cxtm,critical",
            "alertname=KubePodNotReady severity=warning namespace=cxtaf-cxeng team=cxtm | cxtm,warning",
    })
    void alertmanagerRoutesBySeverityAndTeam(String labels, String receivers) {
        List<String> cmd = new ArrayList<>(List.of(tool("amtool").toString(), "config", "routes", "test",
                "--config.file=alertmanager.yml", "--verify.receivers=" + receivers.trim()));
        cmd.addAll(List.of(labels.trim().split("\\s+")));
        Manifests.Result r = Manifests.run(Manifests.folder("alertmanager"), TIMEOUT, cmd.toArray(String[]::new));
        assertEquals(0, r.exit(), labels + " should reach " + receivers + ":\n" + r.output());
    }

    @Test
    void blackboxExporterAcceptsTheModules() {
        Path dir = Manifests.folder("blackbox-exporter");
        Manifests.Result r = Manifests.run(dir, TIMEOUT, tool("prometheus-blackbox-exporter").toString(),
                "--config.check", "--config.file=blackbox.yml");
        assertEquals(0, r.exit(), r.output());
    }

    /** The TCP dialogues of the database and banner modules, against servers speaking the real greetings. */
    @Test
    void blackboxTcpModulesRecogniseTheirServers() throws Exception {
        Path exporter = tool("prometheus-blackbox-exporter");
        try (FakeServer mysql = new FakeServer(out -> out.write(mysqlGreeting("8.0.36")));
             FakeServer mariadb = new FakeServer(out -> out.write(mysqlGreeting("5.5.5-11.4.2-MariaDB")));
             FakeServer refused = new FakeServer(out -> out.write(mysqlError()));
             FakeServer redis = new FakeServer(out -> out.write("-NOAUTH Authentication required.\r\n".getBytes(StandardCharsets.US_ASCII)));
             FakeServer ssh = new FakeServer(out -> out.write("SSH-2.0-OpenSSH_9.2p1\r\n".getBytes(StandardCharsets.US_ASCII)))) {
            int port = freePort();
            Process p = new ProcessBuilder(exporter.toString(),
                    "--config.file=" + Manifests.folder("blackbox-exporter").resolve("blackbox.yml"),
                    "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                waitFor(http, "http://127.0.0.1:" + port + "/-/healthy");
                assertEquals(1, probe(http, port, "mysql_handshake", mysql.address()), "MySQL 8 greeting");
                assertEquals(1, probe(http, port, "mysql_handshake", mariadb.address()), "MariaDB greeting");
                assertEquals(0, probe(http, port, "mysql_handshake", refused.address()), "error packet instead of a greeting");
                assertEquals(0, probe(http, port, "mysql_handshake", ssh.address()), "an SSH server is not MySQL");
                assertEquals(1, probe(http, port, "redis_ping", redis.address()), "Redis that wants a password is up");
                assertEquals(1, probe(http, port, "ssh_banner", ssh.address()), "SSH banner");
                assertEquals(1, probe(http, port, "tcp_connect", ssh.address()), "TCP connect");
            } finally {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /** smokeping_prober has no check flag: start it on the shipped file with loopback hosts and read /metrics. */
    @Test
    void smokepingProberLoadsItsConfiguration(@TempDir Path tmp) throws Exception {
        Path prober = tool("prometheus-smokeping-prober");
        Map<String, Object> config = Manifests.loadMap(Manifests.folder("smokeping").resolve("smokeping.yml"));
        for (Object t : Manifests.list(config.get("targets"), "targets")) {
            Manifests.map(t, "target").put("hosts", List.of("127.0.0.1"));
        }
        Path copy = Files.writeString(tmp.resolve("smokeping.yml"), new Yaml().dump(config));
        int port = freePort();
        Process p = new ProcessBuilder(prober.toString(), "--config.file=" + copy, "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(tmp.resolve("prober.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String metrics = waitFor(http, "http://127.0.0.1:" + port + "/metrics");
            assertTrue(metrics.contains("smokeping_requests_total{host=\"127.0.0.1\""),
                    "the prober runs the configured target\n" + Files.readString(tmp.resolve("prober.log")));
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String waitFor(HttpClient http, String url) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return r.body();
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError(url + " did not answer within 20 s");
    }

    private static int probe(HttpClient http, int port, String module, String target) throws Exception {
        String url = "http://127.0.0.1:" + port + "/probe?module=" + module + "&target=" + target;
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        for (String line : r.body().split("\n")) {
            if (line.startsWith("probe_success ")) {
                return (int) Double.parseDouble(line.substring("probe_success ".length()).trim());
            }
        }
        throw new AssertionError(url + ": no probe_success in\n" + r.body());
    }

    /** A MySQL protocol-10 handshake packet as servers send it, salt bytes included. */
    private static byte[] mysqlGreeting(String version) {
        java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
        payload.write(0x0a);
        payload.writeBytes(version.getBytes(StandardCharsets.US_ASCII));
        payload.write(0);
        payload.writeBytes(new byte[] {7, 0, 0, 0});
        payload.writeBytes("Ab3\u0001xY7q".getBytes(StandardCharsets.ISO_8859_1));
        payload.write(0);
        payload.writeBytes(new byte[] {(byte) 0xff, (byte) 0xf7, 0x21, 2, 0, (byte) 0xff, (byte) 0xdf, 21});
        payload.writeBytes(new byte[10]);
        payload.writeBytes("Zr9(kL2pQ0sT".getBytes(StandardCharsets.ISO_8859_1));
        payload.write(0);
        payload.writeBytes("caching_sha2_password".getBytes(StandardCharsets.US_ASCII));
        payload.write(0);
        return packet(payload.toByteArray());
    }

    /** "Host is not allowed to connect": an error packet, what a refusing server sends instead. */
    private static byte[] mysqlError() {
        java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
        payload.write(0xff);
        payload.writeBytes(new byte[] {0x6a, 0x04});
        payload.writeBytes("Host '10.42.0.7' is not allowed to connect to this MariaDB server".getBytes(StandardCharsets.US_ASCII));
        return packet(payload.toByteArray());
    }

    private static byte[] packet(byte[] payload) {
        byte[] out = new byte[payload.length + 4];
        out[0] = (byte) payload.length;
        out[1] = (byte) (payload.length >> 8);
        out[2] = (byte) (payload.length >> 16);
        out[3] = 0;
        System.arraycopy(payload, 0, out, 4, payload.length);
        return out;
    }

    /** A loopback TCP server that sends a fixed greeting to each client and keeps it open briefly. */
    private static final class FakeServer implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread acceptor;

        interface Greeting {
            void write(OutputStream out) throws IOException;
        }

        FakeServer(Greeting greeting) throws IOException {
            socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            acceptor = Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket client = socket.accept();
                        Thread.ofVirtual().start(() -> serve(client, greeting));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        private static void serve(Socket client, Greeting greeting) {
            try (client; OutputStream out = client.getOutputStream(); InputStream in = client.getInputStream()) {
                client.setSoTimeout(3000);
                greeting.write(out);
                out.flush();
                in.read(new byte[256]);
            } catch (IOException ignored) {
                // the prober closed the connection first
            }
        }

        String address() {
            return "127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            acceptor.interrupt();
        }
    }
}
