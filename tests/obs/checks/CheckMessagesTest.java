package obs.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLHandshakeException;
import obs.access.Endpoints;
import obs.checks.Outcome.Status;
import obs.stack.Stack;
import org.junit.jupiter.api.Test;

/**
 * Every way a check's HTTP request can fail ends in a message written for a person: what happened, in words,
 * and the URL; never a Java exception name. Failures that loopback can produce are produced for real; the
 * others (DNS, routing, certificates) are fed to the wording directly.
 */
class CheckMessagesTest {
    private static final String URL = "http://prometheus.example:9090/-/ready";

    private static Outcome httpCheck(String base) {
        return check(base, new Check("c", "t", null, Duration.ofSeconds(20), "r.md", null, null, null,
                new Check.Http("/-/ready", null, null, null, null), null));
    }

    private static Outcome check(String base, Check check) {
        Target target = new Target(Stack.get("prometheus"), null, null,
                new Endpoints(Map.of("prometheus", URI.create(base)), null, null, false));
        CheckResult r = CheckRunner.run(List.of(new CheckRunner.Job(check, target))).getFirst();
        assertFalse(r.message().contains("Exception"), r.message());
        return new Outcome(r.status(), r.message());
    }

    /** A loopback server that answers every connection with {@code reply}. */
    private static Outcome against(Consumer<Socket> reply) throws IOException {
        return against("http", reply);
    }

    private static Outcome against(String scheme, Consumer<Socket> reply) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept()) {
                    reply.accept(s);
                } catch (IOException e) {
                    // The check is over.
                }
            });
            return httpCheck(scheme + "://127.0.0.1:" + server.getLocalPort());
        }
    }

    private static void write(Socket s, String text) {
        try {
            s.getInputStream().read(new byte[4096]);
            OutputStream out = s.getOutputStream();
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            // The client gave up; the check reports why.
        }
    }

    @Test
    void aHeaderLineTooLongSaysSoWithTheUrl() throws IOException {
        Outcome o = against(s -> write(s, "HTTP/1.1 200 OK\r\nX-Long: " + "a".repeat(100_000) + "\r\n\r\n"));
        assertEquals(Status.fail, o.status());
        assertTrue(o.message().matches("bad HTTP response from http://127\\.0\\.0\\.1:\\d+/-/ready: line longer than \\d+ bytes"),
                o.message());
    }

    @Test
    void aServerThatIsNotHttpOrHangsUpSaysSo() throws IOException {
        Outcome ssh = against(s -> write(s, "SSH-2.0-OpenSSH_9.6\r\n"));
        assertTrue(ssh.message().matches("bad HTTP response from http://127\\.0\\.0\\.1:\\d+/-/ready: not an HTTP response: SSH-2\\.0-OpenSSH_9\\.6"),
                ssh.message());
        Outcome closed = against(s -> write(s, ""));
        assertTrue(closed.message().matches("bad HTTP response from http://127\\.0\\.0\\.1:\\d+/-/ready: connection closed before a response"),
                closed.message());
    }

    @Test
    void httpsToAPlainHttpServerIsATlsFailure() throws IOException {
        Outcome o = against("https", s -> write(s, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"));
        assertEquals(Status.fail, o.status());
        assertTrue(o.message().matches("TLS with https://127\\.0\\.0\\.1:\\d+/-/ready failed: .+"), o.message());
    }

    @Test
    void networkFailuresAreWordedWithTheHostAndUrl() {
        assertEquals("unknown host prometheus.example: " + URL,
                Fetch.describe(new UnknownHostException("prometheus.example"), URL, "prometheus"));
        ConnectException unresolved = new ConnectException();
        unresolved.initCause(new UnresolvedAddressException());
        assertEquals("unknown host prometheus.example: " + URL, Fetch.describe(unresolved, URL, "prometheus"));
        assertEquals("connection refused: " + URL + " (is prometheus running?)",
                Fetch.describe(new ConnectException("Connection refused"), URL, "prometheus"));
        assertEquals("cannot connect (network is unreachable): " + URL,
                Fetch.describe(new ConnectException("Network is unreachable"), URL, "prometheus"));
        assertEquals("no route to host: " + URL,
                Fetch.describe(new NoRouteToHostException("No route to host"), URL, "prometheus"));
        assertEquals("connection reset by the server: " + URL,
                Fetch.describe(new SocketException("Connection reset"), URL, "prometheus"));
        SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed: "
                + "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target");
        untrusted.initCause(new java.security.cert.CertificateException("unable to find valid certification path to requested target"));
        assertEquals("TLS with " + URL + " failed: unable to find valid certification path to requested target",
                Fetch.describe(untrusted, URL, "prometheus"));
        assertEquals("request to " + URL + " failed", Fetch.describe(new IOException(), URL, "prometheus"));
    }

    @Test
    void anInternalErrorInACheckIsWordedWithoutTheExceptionName() throws IOException {
        Check wrongPort = new Check("c", "t", null, Duration.ofSeconds(5), "r.md", null, null, null,
                new Check.Http("/-/ready", null, "no-such-port", null, null), null);
        Outcome o = check("http://127.0.0.1:1", wrongPort);
        assertEquals(new Outcome(Status.fail, "internal error in obs: component prometheus has no port no-such-port"), o);
    }

    @Test
    void prometheusSpecialValuesAndOddAnswersAreJudgedNotCrashedOn() throws IOException {
        HttpServer prometheus = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String[] answer = new String[1];
        prometheus.createContext("/", exchange -> {
            byte[] body = answer[0].getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        prometheus.start();
        try {
            String base = "http://127.0.0.1:" + prometheus.getAddress().getPort();
            Check belowOne = new Check("c", "t", null, Duration.ofSeconds(5), "r.md", null, null, null, null,
                    new Check.Promql("x", "< 1"));
            answer[0] = """
                    {"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":"a"},"value":[1,"+Inf"]}]}}""";
            assertEquals(new Outcome(Status.fail, "1 of 1 series not < 1: {job=\"a\"} = +Inf"), check(base, belowOne));
            answer[0] = """
                    {"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":"a"},"value":[1]}]}}""";
            assertEquals(new Outcome(Status.fail, "Prometheus answered with a result obs cannot read: "
                    + "{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"job\":\"a\"},\"value\":[1]}]}"), check(base, belowOne));
        } finally {
            prometheus.stop(0);
        }
    }
}
