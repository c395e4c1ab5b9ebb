package obs.probe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * In-test HTTP(S) servers on 127.0.0.1 with the pages the probes check: /ok, /redirect (to /ok), /loop
 * (redirects forever), /status/503, /big (64 KiB), /chunked, /auth (needs Basic obs:secret), /headers.
 */
final class LocalServers {
    private LocalServers() {
    }

    static HttpServer http() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        routes(server);
        server.start();
        return server;
    }

    static HttpsServer https(SSLContext ctx) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        routes(server);
        server.start();
        return server;
    }

    /** A server answering every request the way an HTTP/1.0 one does (Python's http.server, many devices). */
    static ServerSocket http10() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                            StandardCharsets.ISO_8859_1));
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        // the request head is read and ignored
                    }
                    s.getOutputStream().write("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException closed) {
                    // the next accept fails too once the test closes the server
                }
            }
        });
        return server;
    }

    static String url(HttpServer s, String path) {
        String scheme = s instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + s.getAddress().getPort() + path;
    }

    private static void routes(HttpServer server) {
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/ok", ex -> send(ex, 200, "all good: healthy\n"));
        server.createContext("/redirect", ex -> {
            ex.getResponseHeaders().set("Location", "/ok");
            send(ex, 302, "");
        });
        server.createContext("/loop", ex -> {
            ex.getResponseHeaders().set("Location", "/loop");
            send(ex, 302, "");
        });
        server.createContext("/status/503", ex -> send(ex, 503, "down\n"));
        server.createContext("/big", ex -> send(ex, 200, "x".repeat(64 * 1024)));
        server.createContext("/chunked", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 5; i++) {
                    out.write(("chunk " + i + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        server.createContext("/auth", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            boolean ok = ("Basic " + java.util.Base64.getEncoder().encodeToString("obs:secret".getBytes())).equals(auth);
            send(ex, ok ? 200 : 401, ok ? "welcome\n" : "who are you?\n");
        });
        server.createContext("/headers", ex -> {
            ex.getResponseHeaders().add("X-Obs", "alpha");
            ex.getResponseHeaders().add("X-Obs", "beta");
            send(ex, 200, "headers\n");
        });
        server.createContext("/post", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            send(ex, ex.getRequestMethod().equals("POST") ? 201 : 405, "got " + body + "\n");
        });
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
