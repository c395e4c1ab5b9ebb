package obs.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A plain-HTTP GET (or bodiless POST) on a fresh connection, for obs's own calls to the stack's endpoints (check-services,
 * sandbox readiness). The JDK's java.net.http client initialises TLS (SSLContext, trust store) when it is
 * built, which costs more than half a second of every command's start-up on a small VM even when every
 * URL is plain http; this reuses the probers' HTTP/1.1 wire code instead. https URLs are not for it.
 */
public final class PlainHttp {
    /** Bodies of the stack's health and API endpoints are small; a larger one is cut off with an error. */
    static final long BODY_LIMIT = 32L * 1024 * 1024;

    /** A status and the body as text. */
    public record Reply(int status, String body) {
    }

    private PlainHttp() {
    }

    /** The first line of a body, shortened, to quote in a one-line message. */
    public static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "empty body";
        }
        String line = body.strip().lines().findFirst().orElse("");
        return line.length() > 120 ? line.substring(0, 117) + "..." : line;
    }

    /**
     * GETs an http:// URL, all of it (connect, send, read) within {@code timeout}.
     *
     * @throws java.net.ConnectException       when nothing listens
     * @throws java.net.SocketTimeoutException when the deadline passes
     */
    public static Reply get(URI url, Duration timeout) throws IOException {
        return send("GET", url, null, timeout);
    }

    /** POSTs an empty body, as the servers' lifecycle endpoints (Prometheus' /-/reload) want. */
    public static Reply post(URI url, Duration timeout) throws IOException {
        return send("POST", url, "", timeout);
    }

    /** Any method with headers and a body (null: none), for the calls that write to the stack (pushes, alerts). */
    public static Reply send(String method, URI url, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException {
        if (!"http".equals(url.getScheme())) {
            throw new IllegalArgumentException("not an http URL: " + url);
        }
        Deadline deadline = Deadline.in(timeout);
        int port = url.getPort() < 0 ? 80 : url.getPort();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), port), deadline.millis());
            socket.setSoTimeout(deadline.millis());
            HttpWire.write(socket.getOutputStream(), method, url, headers, body, null);
            HttpWire.Response response = HttpWire.read(new LineReader(socket.getInputStream()), method, true, BODY_LIMIT, deadline);
            byte[] bytes = response.body() == null ? new byte[0] : response.body();
            return new Reply(response.status(), new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private static Reply send(String method, URI url, String body, Duration timeout) throws IOException {
        return send(method, url, Map.of(), body == null ? null : body.getBytes(StandardCharsets.UTF_8), timeout);
    }
}
