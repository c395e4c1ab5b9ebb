package obs.http;

import java.io.IOException;
import java.net.SocketException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import obs.http.EndpointServer.Reply;
import obs.http.EndpointServer.Request;

/** Reads one HTTP/1.1 request head strictly, within EndpointServer's limits, and discards its body. */
final class RequestReader {
    private RequestReader() {
    }

    /** A parsed request and what its connection asks for (an HTTP/1.0 client must be told it is kept). */
    record Incoming(Request request, boolean keepAlive, boolean sayKeepAlive) {
        static final Incoming EMPTY_LINE = new Incoming(null, true, false);
    }

    /** A request the server answers itself, with {@code reply}, and then closes the connection. */
    static final class ClientError extends Exception {
        final String method;
        final Reply reply;

        ClientError(String method, int status, String message) {
            super(message, null, false, false);
            this.method = method;
            this.reply = Reply.text(status, message + "\n");
        }
    }

    /** Reads a request head and discards its body; null at end of stream. */
    static Incoming read(LineReader in) throws IOException, ClientError {
        String line;
        try {
            line = in.readLine(EndpointServer.MAX_HEAD);
        } catch (LineReader.TooLong e) {
            throw new ClientError("GET", 414, "request line longer than " + EndpointServer.MAX_HEAD + " bytes");
        }
        if (line == null) {
            return null;
        }
        if (line.isEmpty()) {
            return Incoming.EMPTY_LINE;
        }
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.") || !parts[1].startsWith("/")) {
            throw new ClientError("GET", 400, "malformed request line");
        }
        String method = parts[0];
        Map<String, String> headers = new HashMap<>();
        int size = line.length();
        while (true) {
            String h;
            try {
                h = in.readLine(Math.max(0, EndpointServer.MAX_HEAD - size - 2));
            } catch (LineReader.TooLong e) {
                throw new ClientError(method, 431, "request head larger than " + EndpointServer.MAX_HEAD + " bytes");
            }
            if (h == null || h.isEmpty()) {
                break;
            }
            size += h.length() + 2;
            int colon = h.indexOf(':');
            if (colon <= 0 || h.charAt(0) == ' ' || h.charAt(0) == '\t' || h.charAt(colon - 1) == ' ') {
                throw new ClientError(method, 400, "malformed header line");
            }
            headers.merge(h.substring(0, colon).toLowerCase(Locale.ROOT), h.substring(colon + 1).strip(), (x, y) -> x + ", " + y);
        }
        if (headers.containsKey("transfer-encoding")) {
            throw new ClientError(method, 501, "request bodies must have a Content-Length");
        }
        discardBody(in, method, headers.get("content-length"));
        int q = parts[1].indexOf('?');
        Request request = new Request(method, q < 0 ? parts[1] : parts[1].substring(0, q), q < 0 ? null : parts[1].substring(q + 1),
                headers);
        boolean http10 = parts[2].equals("HTTP/1.0");
        String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
        boolean keep = http10 ? connection.contains("keep-alive") : !connection.contains("close");
        return new Incoming(request, keep, http10 && keep);
    }

    /** Reads and drops a request body. */
    private static void discardBody(LineReader in, String method, String contentLength) throws IOException, ClientError {
        if (contentLength == null) {
            return;
        }
        long length;
        try {
            length = Long.parseLong(contentLength);
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length < 0) {
            throw new ClientError(method, 400, "malformed Content-Length");
        }
        if (length > EndpointServer.MAX_BODY) {
            throw new ClientError(method, 413, "request body larger than " + EndpointServer.MAX_BODY + " bytes");
        }
        for (long left = length; left > 0; ) {
            int n = in.read(null, (int) Math.min(left, Integer.MAX_VALUE));
            if (n < 0) {
                throw new SocketException("connection closed inside the request body");
            }
            left -= n;
        }
    }
}
