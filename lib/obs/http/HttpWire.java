package obs.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 on one connection: write a request, read the response. Written by hand rather than with the JDK
 * client because a probe needs a fresh connection each time and the time of each phase (connect, TLS,
 * first byte, transfer), which java.net.http neither exposes nor allows without a new client per request.
 */
public final class HttpWire {
    public static final String USER_AGENT = "obs-probe/1";

    /** A response head and body. Header names are case-insensitive. */
    public record Response(String version, int status, Map<String, List<String>> headers, byte[] body, long bodyLength) {
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public long contentLength() {
            String v = header("Content-Length");
            try {
                return v == null ? -1 : Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    /** The body was longer than body_size_limit allows. */
    public static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("response body larger than body_size_limit (" + limit + " bytes)");
        }
    }

    private HttpWire() {
    }

    public static void write(OutputStream out, String method, URI url, Map<String, String> headers, String body,
                      String authorization) throws IOException {
        write(out, method, url, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8), authorization);
    }

    /** As {@link #write(OutputStream, String, URI, Map, String, String)} with a binary body (null: none). */
    public static void write(OutputStream out, String method, URI url, Map<String, String> headers, byte[] body,
                      String authorization) throws IOException {
        StringBuilder head = new StringBuilder();
        String target = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        boolean defaultPort = url.getPort() < 0 || (url.getScheme().equals("http") && url.getPort() == 80)
                || (url.getScheme().equals("https") && url.getPort() == 443);
        Map<String, String> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        all.put("Host", url.getHost() + (defaultPort ? "" : ":" + url.getPort()));
        all.put("User-Agent", USER_AGENT);
        all.put("Accept", "*/*");
        if (authorization != null) {
            all.put("Authorization", authorization);
        }
        all.putAll(headers);
        all.put("Connection", "close");
        byte[] payload = body == null ? new byte[0] : body;
        if (body != null) {
            all.put("Content-Length", Integer.toString(payload.length));
        }
        all.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(payload);
        out.flush();
    }

    /**
     * Reads a response. The body is kept only when {@code keepBody} (regex checks need it); otherwise it is
     * counted and dropped, which keeps a probe of a large page cheap.
     */
    public static Response read(LineReader in, String method, boolean keepBody, long limit, Deadline deadline) throws IOException {
        String statusLine = in.readLine();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response: " + abbreviate(statusLine));
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad status line: " + abbreviate(statusLine));
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
        }
        Response head = new Response(parts[0], status, headers, null, 0);
        if (method.equals("HEAD") || status / 100 == 1 || status == 204 || status == 304) {
            return head;
        }
        Body body = new Body(keepBody, limit, deadline);
        String te = head.header("Transfer-Encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            readChunked(in, body);
        } else {
            body.copy(in, head.contentLength());
        }
        return new Response(parts[0], status, headers, body.bytes(), body.length);
    }

    private static void readChunked(LineReader in, Body body) throws IOException {
        while (true) {
            String sizeLine = in.readLine();
            if (sizeLine == null) {
                throw new IOException("connection closed inside a chunked body");
            }
            int semi = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + abbreviate(sizeLine));
            }
            if (size == 0) {
                skipTrailers(in);
                return;
            }
            body.copy(in, size);
            in.readLine();
        }
    }

    /** Trailer fields follow the last chunk; a probe checks none of them. */
    private static void skipTrailers(LineReader in) throws IOException {
        String line = in.readLine();
        while (line != null && !line.isEmpty()) {
            line = in.readLine();
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /** Counts (and optionally keeps) body bytes, enforcing the size limit and the deadline. */
    private static final class Body {
        private final ByteArrayOutputStream kept;
        private final long limit;
        private final Deadline deadline;
        private final byte[] chunk = new byte[16 * 1024];
        private long length;

        Body(boolean keep, long limit, Deadline deadline) {
            this.kept = keep ? new ByteArrayOutputStream() : null;
            this.limit = limit;
            this.deadline = deadline;
        }

        /** Copies {@code size} bytes, or everything up to end of stream when size is negative. */
        void copy(LineReader in, long size) throws IOException {
            long left = size;
            while (size < 0 || left > 0) {
                int want = (int) (size < 0 ? chunk.length : Math.min(chunk.length, left));
                int n = in.read(chunk, want);
                if (n < 0) {
                    if (size >= 0) {
                        throw new IOException("connection closed after " + (size - left) + " of " + size + " body bytes");
                    }
                    return;
                }
                length += n;
                left -= n;
                if (limit > 0 && length > limit) {
                    throw new TooLarge(limit);
                }
                if (kept != null) {
                    kept.write(chunk, 0, n);
                }
                if (deadline.expired()) {
                    throw new java.net.SocketTimeoutException("body still arriving at the deadline");
                }
            }
        }

        byte[] bytes() {
            return kept == null ? null : kept.toByteArray();
        }
    }
}
