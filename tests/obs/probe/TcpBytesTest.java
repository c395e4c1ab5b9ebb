package obs.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import obs.probe.config.Modules;
import org.junit.jupiter.api.Test;

/** expect_bytes and a !!binary send (blackbox's PostgreSQL SSLRequest example) against a loopback server. */
class TcpBytesTest {
    private static final Modules MODULES = Modules.of("bytes.yml", """
            modules:
              pg_ssl:
                prober: tcp
                timeout: 5s
                tcp:
                  preferred_ip_protocol: ip4
                  query_response:
                  - send: !!binary AAAACATSFi8=
                  - expect_bytes: S
            """);

    @Test
    void theBinaryRequestGoesOutAndTheReplyBytesAreCompared() throws Exception {
        for (char reply : new char[] {'S', 'N'}) {
            try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
                CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> {
                    try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                        byte[] request = in.readNBytes(8);
                        out.write(reply);
                        out.flush();
                        in.readNBytes(1);
                        return request;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Target t = new TargetParser(MODULES).parse("127.0.0.1:" + server.getLocalPort(), "pg_ssl", Map.of());
                ProbeResult r = ProbeEngine.system(PathHistory.inMemory()).probe(t, null);
                assertArrayEquals(new byte[] {0, 0, 0, 8, 4, (byte) 0xd2, 0x16, 0x2f}, got.get(10, TimeUnit.SECONDS));
                if (reply == 'S') {
                    assertTrue(r.success(), r.error());
                    assertEquals(0, Samples.value(r, "probe_failed_due_to_bytes"));
                } else {
                    assertFalse(r.success());
                    assertEquals("expected bytes 0x53, got 0x4e (step 2)", r.error());
                    assertEquals(1, Samples.value(r, "probe_failed_due_to_bytes"));
                }
            }
        }
    }
}
