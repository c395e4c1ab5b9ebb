package obs.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import obs.access.EndpointsFile;
import obs.sandbox.LocalStack;
import obs.sandbox.SandboxFixture;
import obs.sandbox.SandboxFixture.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus killed (SIGKILL) the moment the snapshot request reaches it, through a proxy that forwards the request
 * and then kills the server: the backup fails with exit 1 and leaves no set and no partial folder.
 */
class KilledPrometheusTest {
    @TempDir
    Path dir;

    @Test
    void killedDuringTheSnapshotLeavesNothing() throws Exception {
        SandboxFixture.assumeInstalled(List.of("prometheus"));
        Path state = dir.resolve("state");
        History.backfill(state.resolve("prometheus/data"), 5, 200, 15, java.time.Duration.ofHours(3));
        LocalStack.up(new LocalStack.Options(state, Path.of("").toAbsolutePath(), List.of("prometheus"), false, Map.of()), Quiet.console());
        EndpointsFile.Entry prom = EndpointsFile.read(EndpointsFile.in(state)).components().get("prometheus");
        URI real = URI.create(prom.url());
        Path target = dir.resolve("sets");
        try (ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> serve(proxy, real, prom.pid()));
            Run run = SandboxFixture.run("Backup", "--endpoint", "prometheus=http://127.0.0.1:" + proxy.getLocalPort(),
                    "--prometheus-data-dir", prom.dataDir(), "--only", "prometheus", "--to", target.toString());
            assertEquals(1, run.exit(), run.toString());
            assertTrue(run.err().startsWith("[obs] error: backup failed, nothing was kept: prometheus: "), run.err());
            assertTrue(ProcessHandle.of(prom.pid()).map(p -> !p.isAlive()).orElse(true), "Prometheus was killed");
            try (Stream<Path> left = Files.list(target)) {
                assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> !n.equals(Retention.LOCK)).toList());
            }
        } finally {
            LocalStack.down(state, true, Quiet.console());
        }
    }

    /** Pipes requests to Prometheus; on the snapshot request, forwards it and kills Prometheus with SIGKILL. */
    private static void serve(ServerSocket proxy, URI real, long pid) {
        while (!proxy.isClosed()) {
            try (Socket client = proxy.accept(); Socket server = new Socket(real.getHost(), real.getPort())) {
                InputStream in = client.getInputStream();
                byte[] head = new byte[8192];
                int n = in.read(head);
                if (n <= 0) {
                    continue;
                }
                server.getOutputStream().write(head, 0, n);
                server.getOutputStream().flush();
                if (new String(head, 0, n, StandardCharsets.ISO_8859_1).startsWith("POST /api/v1/admin/tsdb/snapshot")) {
                    ProcessHandle.of(pid).ifPresent(p -> {
                        p.destroyForcibly();
                        p.onExit().orTimeout(10, TimeUnit.SECONDS).join();
                    });
                    continue;
                }
                Thread back = Thread.ofVirtual().start(() -> pipe(server, client));
                pipe(client, server);
                back.join(10_000);
            } catch (IOException | InterruptedException e) {
                // The proxy closes when the test ends.
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            in.transferTo(out);
            to.shutdownOutput();
        } catch (IOException e) {
            // One side closed.
        }
    }
}
