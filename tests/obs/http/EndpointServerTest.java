package obs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import obs.http.EndpointServer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The exporter's HTTP server over raw sockets: keep-alive, HEAD, limits, timeouts and the errors a client can cause. */
class EndpointServerTest {
    static EndpointServer server;

    @BeforeAll
    static void start() throws IOException {
        server = EndpointServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of(
                "/hello", req -> Reply.text(200, "hello " + req.rawQuery() + " " + req.header("X-Name") + "\n"),
                "/boom", req -> {
                    throw new IllegalStateException("handler broke");
                }), req -> Reply.text(404, "no " + req.path() + "\n"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void keepsTheConnectionOpenAcrossRequests() throws IOException {
        String both = exchange("GET /hello?a=1 HTTP/1.1\r\nHost: x\r\nX-Name: one\r\n\r\n"
                + "GET /hello?b=2 HTTP/1.1\r\nHost: x\r\nx-name: two\r\nConnection: close\r\n\r\n");
        assertTrue(both.startsWith("HTTP/1.1 200 OK\r\n"), both);
        assertTrue(both.contains("\r\n\r\nhello a=1 one\nHTTP/1.1 200 OK\r\n"), both);
        assertTrue(both.endsWith("Connection: close\r\n\r\nhello b=2 two\n"), both);
        assertTrue(both.matches("(?s).*Date: \\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\r\n.*"), both);
    }

    @Test
    void headHasTheLengthButNoBody() throws IOException {
        String reply = exchange("HEAD /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(reply.startsWith("HTTP/1.1 200 OK\r\n"), reply);
        assertTrue(reply.contains("Content-Length: 16\r\n"), reply);
        assertTrue(reply.endsWith("\r\n\r\n"), reply);
    }

    @Test
    void unknownPathsGoToTheFallback() throws IOException {
        String reply = exchange("GET /nope?x HTTP/1.1\r\nConnection: close\r\n\r\n");
        assertTrue(reply.startsWith("HTTP/1.1 404 Not Found\r\n"), reply);
        assertTrue(reply.endsWith("no /nope\n"), reply);
    }

    @Test
    void http10ClosesUnlessAskedToKeepAlive() throws IOException {
        String reply = exchange("GET /hello HTTP/1.0\r\n\r\n");
        assertTrue(reply.contains("Connection: close\r\n"), reply);
        String kept = exchange("GET /hello?1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /hello?2 HTTP/1.0\r\n\r\n");
        assertTrue(kept.contains("Connection: keep-alive\r\n\r\nhello 1 null\nHTTP/1.1 200 OK\r\n"), kept);
        assertTrue(kept.endsWith("Connection: close\r\n\r\nhello 2 null\n"), kept);
    }

    @Test
    void aBodyWithContentLengthIsReadAndTheConnectionStaysUsable() throws IOException {
        String reply = exchange("POST /hello HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcde"
                + "GET /hello?after HTTP/1.1\r\nConnection: close\r\n\r\n");
        assertTrue(reply.endsWith("hello after null\n"), reply);
        assertEquals(2, reply.split("HTTP/1.1 200 OK").length - 1, reply);
    }

    @Test
    void clientErrorsGetAStatusAndACloseNotAHang() throws IOException {
        assertStatus("GET /hello HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "501 Not Implemented");
        assertStatus("POST /hello HTTP/1.1\r\nContent-Length: " + (EndpointServer.MAX_BODY + 1) + "\r\n\r\n", "413 Content Too Large");
        assertStatus("POST /hello HTTP/1.1\r\nContent-Length: -3\r\n\r\n", "400 Bad Request");
        assertStatus("GET /hello HTTP/1.1\r\nX-Big: " + "a".repeat(EndpointServer.MAX_HEAD) + "\r\n\r\n", "431 Request Header Fields Too Large");
        assertStatus("GET /" + "a".repeat(EndpointServer.MAX_HEAD) + " HTTP/1.1\r\n\r\n", "414 URI Too Long");
        assertStatus("GARBAGE\r\n\r\n", "400 Bad Request");
        assertStatus("GET http://elsewhere/ HTTP/1.1\r\n\r\n", "400 Bad Request");
        assertStatus("GET /hello HTTP/1.1\r\nno-colon-here\r\n\r\n", "400 Bad Request");
        assertStatus("GET /hello HTTP/1.1\r\nX-A: 1\r\n folded\r\n\r\n", "400 Bad Request");
    }

    @Test
    void linesLongerThanTheReaderHoldsAreAnsweredNotDropped() throws IOException {
        String uri = exchange("GET /" + "a".repeat(70 * 1024) + " HTTP/1.1\r\n\r\n");
        assertTrue(uri.startsWith("HTTP/1.1 414 URI Too Long\r\n"), uri.substring(0, Math.min(200, uri.length())));
        assertTrue(uri.endsWith("\r\n\r\nrequest line longer than 16384 bytes\n"), uri);
        String header = exchange("GET /hello HTTP/1.1\r\nX-Big: " + "a".repeat(70 * 1024) + "\r\n\r\n");
        assertTrue(header.startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"), header.substring(0, Math.min(200, header.length())));
        assertTrue(header.endsWith("\r\n\r\nrequest head larger than 16384 bytes\n"), header);
    }

    /** Head and idle timeouts of a minute: only eviction can let the health check through the full table. */
    @Test
    void aNewClientGetsThroughATableFullOfIdleConnections() throws Exception {
        long fds = ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount();
        Assumptions.assumeTrue(fds > 2 * 1100 + 500, "needs about 2,700 open files, the limit is " + fds);
        EndpointServer own = EndpointServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of(),
                req -> Reply.text(200, "ok\n"), new EndpointServer.Limits(1024, Duration.ofMinutes(1), Duration.ofMinutes(1)));
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 1100; i++) {
                idle.add(new Socket(InetAddress.getLoopbackAddress(), own.port()));
            }
            for (int i = 0; i < 3; i++) {
                assertTrue(exchange(own, "GET /-/healthy HTTP/1.1\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 200 OK\r\n"));
            }
            idle.get(0).setSoTimeout(10_000);
            assertEquals(-1, idle.get(0).getInputStream().read(), "the longest-waiting connection was the one evicted");
        } finally {
            for (Socket s : idle) {
                s.close();
            }
            own.close();
        }
    }

    @Test
    void whenEveryConnectionIsBusyANewOneGetsA503() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(2);
        EndpointServer own = EndpointServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of(),
                req -> {
                    busy.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Reply.text(200, "ok\n");
                }, new EndpointServer.Limits(2, Duration.ofMinutes(1), Duration.ofMinutes(1)));
        try (Socket a = new Socket(InetAddress.getLoopbackAddress(), own.port());
             Socket b = new Socket(InetAddress.getLoopbackAddress(), own.port())) {
            for (Socket s : List.of(a, b)) {
                s.getOutputStream().write("GET / HTTP/1.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            assertTrue(busy.await(20, TimeUnit.SECONDS), "both requests reached the handler");
            String refused = exchange(own, "GET / HTTP/1.1\r\n\r\n");
            assertTrue(refused.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), refused);
            assertTrue(refused.endsWith("\r\n\r\nall 2 connections are busy answering requests\n"), refused);
            release.countDown();
            a.setSoTimeout(10_000);
            assertTrue(new String(a.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1).endsWith("\r\n\r\nok\n"));
        } finally {
            release.countDown();
            own.close();
        }
    }

    @Test
    void aClientDrippingItsHeadIsCutOffAtTheHeadDeadlineWithA408() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            long start = System.nanoTime();
            s.getOutputStream().write("GET /hello HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1));
            s.setSoTimeout(500);
            String reply = null;
            while (reply == null && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30)) {
                try {
                    s.getOutputStream().write('a');
                    reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                } catch (SocketTimeoutException stillOpen) {
                    // one byte per 500 ms, each well inside any per-read timeout
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(reply != null, "still open after " + seconds + " s");
            assertTrue(seconds > EndpointServer.Limits.DEFAULT.head().toMillis() / 1000.0 - 0.5, "cut off early, after " + seconds + " s");
            assertTrue(reply.startsWith("HTTP/1.1 408 Request Timeout\r\n"), reply);
            assertTrue(reply.endsWith("\r\n\r\nrequest not complete within 5000 ms\n"), reply);
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedSilently() throws Exception {
        EndpointServer own = EndpointServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of(),
                req -> Reply.text(200, "ok\n"), new EndpointServer.Limits(8, Duration.ofMillis(300), Duration.ofMinutes(1)));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), own.port())) {
            s.setSoTimeout(20_000);
            assertEquals(-1, s.getInputStream().read());
        } finally {
            own.close();
        }
    }

    @Test
    void aFailingHandlerIsA500WithItsMessage() throws IOException {
        String reply = exchange("GET /boom HTTP/1.1\r\n\r\n");
        assertTrue(reply.startsWith("HTTP/1.1 500 Internal Server Error\r\n"), reply);
        assertTrue(reply.contains("Connection: close\r\n"), reply);
        assertTrue(reply.endsWith("internal error: handler broke\n"), reply);
    }

    @Test
    void closeEndsIdleConnections() throws IOException {
        EndpointServer own = EndpointServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of(),
                req -> Reply.text(200, "ok\n"));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), own.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            LineReader in = new LineReader(s.getInputStream());
            assertEquals("HTTP/1.1 200 OK", in.readLine());
            own.close();
            while (in.readLine() != null) {
                // the rest of the response, then end of stream once the server has closed the idle connection
            }
        }
    }

    /** Sends {@code raw} and returns everything the server writes until it closes the connection. */
    private static String exchange(String raw) throws IOException {
        return exchange(server, raw);
    }

    private static String exchange(EndpointServer to, String raw) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), to.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static void assertStatus(String raw, String status) throws IOException {
        String reply = exchange(raw);
        assertTrue(reply.startsWith("HTTP/1.1 " + status + "\r\n"), raw.substring(0, Math.min(40, raw.length())) + " -> " + reply);
        assertTrue(reply.contains("Connection: close\r\n"), reply);
    }
}
