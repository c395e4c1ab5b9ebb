package obs.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A probe ends by its deadline even when a server or the system resolver would keep it waiting, and leaves the
 * calling thread as it found it (the exporter answers /probe on that thread right after).
 */
@Timeout(60)
class ProbeDeadlineTest {
    private final ProbeEngine engine = ProbeEngine.system(PathHistory.inMemory());

    @Test
    void aServerDrippingItsHeadersIsCutOffByTheWatchdog() throws Exception {
        try (ServerSocket drip = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> dripHeaders(drip));
            long start = System.nanoTime();
            ProbeResult r = probe("http://127.0.0.1:" + drip.getLocalPort() + "/", "http_2xx", Duration.ofMillis(500));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertFalse(r.success());
            assertEquals("did not finish within 500 ms", r.error());
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "took " + took);
            assertFalse(Thread.interrupted(), "the watchdog's interrupt must not outlive the probe");
        }
    }

    @Test
    void aHangingSystemResolverCostsTheTimeoutNotItsRetries() {
        long start = System.nanoTime();
        ProbeResult r = probe("tcp://slow" + HangingResolver.SUFFIX + ":80", "tcp_connect", Duration.ofMillis(800));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertFalse(r.success());
        assertEquals("cannot resolve slow" + HangingResolver.SUFFIX + ": the system resolver did not answer within the probe's timeout",
                r.error());
        // The fake resolver answers after 20 s and the watchdog would fire at 2.8 s: this is the deadline at work.
        assertTrue(took.compareTo(Duration.ofMillis(2500)) < 0, "took " + took);
        assertFalse(Thread.interrupted());
    }

    private ProbeResult probe(String target, String module, Duration timeout) {
        return engine.probe(new TargetParser(Samples.MODULES).parse(target, module, Map.of()), timeout);
    }

    /** Sends a status line, then one header byte every 100 ms: each read is quick, the response never ends. */
    private static void dripHeaders(ServerSocket server) {
        try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
            out.write("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1));
            while (true) {
                out.write('a');
                out.flush();
                Thread.sleep(100);
            }
        } catch (IOException | InterruptedException e) {
            // The prober closed the connection: the test is over.
        }
    }
}
