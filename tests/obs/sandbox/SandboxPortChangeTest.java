package obs.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import obs.core.Json;
import obs.http.PlainHttp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A component killed and its port taken by another program: the next {@code sandbox up} restarts it on a
 * free port, and Prometheus scrapes the new port, never the squatter.
 */
class SandboxPortChangeTest {
    /** Answers every connection with bytes that are not HTTP, and counts them. */
    private static final class Squatter implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger connections = new AtomicInteger();

        Squatter(int port) throws IOException {
            socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept(); OutputStream out = s.getOutputStream()) {
                        connections.incrementAndGet();
                        out.write("\u0000garbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    } catch (IOException closed) {
                        // The test is over, or the client hung up.
                    }
                }
            });
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static List<JsonNode> targets(String prometheus, String job) throws IOException {
        String body = PlainHttp.get(URI.create(prometheus + "/api/v1/targets?state=active"), Duration.ofSeconds(5)).body();
        List<JsonNode> out = new ArrayList<>();
        Json.mapper().readTree(body).path("data").path("activeTargets").forEach(t -> {
            if (t.path("labels").path("job").asString().equals(job)) {
                out.add(t);
            }
        });
        return out;
    }

    @Test
    void aRestartOnANewPortIsWhatPrometheusScrapes() throws Exception {
        List<String> only = List.of("prometheus", "alertmanager", "node-exporter");
        try (SandboxFixture sandbox = SandboxFixture.start(only)) {
            assertTrue(sandbox.started.ok(), sandbox.started.rows().toString());
            var old = sandbox.endpoints().components().get("node-exporter");
            int oldPort = URI.create(old.url()).getPort();
            ProcessHandle.of(old.pid()).orElseThrow().destroy();
            ProcessHandle.of(old.pid()).ifPresent(h -> h.onExit().join());
            try (Squatter squatter = new Squatter(oldPort)) {
                var up = SandboxFixture.run("Sandbox", "up", "--state-dir", sandbox.stateDir.toString(), "--no-install",
                        "--only", String.join(",", only));
                assertEquals(0, up.exit(), up.toString());
                int newPort = URI.create(sandbox.url("node-exporter")).getPort();
                assertNotEquals(oldPort, newPort);

                List<JsonNode> node = targets(sandbox.url("prometheus"), "node-exporter");
                assertEquals(1, node.size(), node.toString());
                assertEquals("http://127.0.0.1:" + newPort + "/metrics", node.get(0).path("scrapeUrl").asString(), node.toString());
                assertEquals("up", node.get(0).path("health").asString(), node.toString());

                var check = SandboxFixture.run("CheckServices", "--state-dir", sandbox.stateDir.toString(), "--no-color");
                assertEquals(0, check.exit(), check.toString());

                squatter.connections.set(0);
                Thread.sleep(3 * Duration.parse("PT" + LocalConfigs.INTERVAL).toMillis());
                assertEquals(0, squatter.connections.get(), "Prometheus still scrapes the squatter on " + oldPort);
            }
        }
    }
}
