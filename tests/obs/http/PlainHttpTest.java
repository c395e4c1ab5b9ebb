package obs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PlainHttpTest {
    @Test
    void getsStatusAndBodyIncludingChunkedResponses() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ready", ex -> {
            byte[] body = "Prometheus Server is Ready.\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, 0);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/missing", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            assertEquals(new PlainHttp.Reply(200, "Prometheus Server is Ready.\n"), PlainHttp.get(URI.create(base + "/ready"), Duration.ofSeconds(5)));
            assertEquals(404, PlainHttp.get(URI.create(base + "/missing"), Duration.ofSeconds(5)).status());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void refusedAndSilentServersFailWithTheirOwnExceptions() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThrows(ConnectException.class, () -> PlainHttp.get(URI.create("http://127.0.0.1:" + closed + "/"), Duration.ofSeconds(2)));
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long t0 = System.nanoTime();
            assertThrows(SocketTimeoutException.class,
                    () -> PlainHttp.get(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/"), Duration.ofMillis(300)));
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "the deadline did not bound the read");
        }
    }

    @Test
    void httpsIsNotForIt() {
        assertThrows(IllegalArgumentException.class, () -> PlainHttp.get(URI.create("https://127.0.0.1/"), Duration.ofSeconds(1)));
    }
}
