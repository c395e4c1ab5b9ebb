package obs.probe;

import static obs.probe.Samples.probe;
import static obs.probe.Samples.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Banner servers on loopback: an SSH-like greeter, a Redis-like PING/PONG, an IRC-like PING echo. */
class TcpProberTest {
    @TempDir
    static Path dir;
    static final List<String> received = new CopyOnWriteArrayList<>();
    static ServerSocket ssh;
    static ServerSocket redis;
    static ServerSocket irc;
    static ServerSocket silent;
    static HttpsServer tls;

    @BeforeAll
    static void start() throws Exception {
        ssh = serve(conn -> {
            conn.out.print("SSH-2.0-OpenSSH_9.2p1 Debian\r\n");
            conn.out.flush();
            received.add(conn.in.readLine());
        });
        redis = serve(conn -> {
            String cmd = conn.in.readLine();
            conn.out.print(cmd.equals("PING") ? "+PONG\r\n" : "-ERR unknown\r\n");
            conn.out.flush();
        });
        irc = serve(conn -> {
            conn.out.print(":server NOTICE * :hello\r\nPING :token42\r\n");
            conn.out.flush();
            String pong = conn.in.readLine();
            conn.out.print(pong.equals("PONG token42") ? "WELCOME\r\n" : "ERROR wrong pong\r\n");
            conn.out.flush();
        });
        silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        tls = LocalServers.https(Certificates.valid(dir).serverContext());
    }

    @AfterAll
    static void stop() throws IOException {
        ssh.close();
        redis.close();
        irc.close();
        silent.close();
        tls.stop(0);
    }

    @Test
    void connectSucceedsAndIsTimed() {
        ProbeResult r = probe("tcp://127.0.0.1:" + ssh.getLocalPort(), null);
        assertTrue(r.success(), r.error());
        assertTrue(value(r, "probe_tcp_duration_seconds", "phase", "connect") > 0);
        assertEquals(4, value(r, "probe_ip_protocol"));
        assertEquals("connection refused by 127.0.0.1:1", probe("tcp://127.0.0.1:1", null).error());
    }

    @Test
    void bannerDialoguesExpectAndSend() throws InterruptedException {
        ProbeResult sshResult = probe("127.0.0.1:" + ssh.getLocalPort(), "ssh_banner");
        assertTrue(sshResult.success(), sshResult.error());
        Thread.sleep(100);
        assertTrue(received.contains("SSH-2.0-obs-test"), received.toString());
        assertTrue(probe("127.0.0.1:" + redis.getLocalPort(), "redis_ping").success());
        ProbeResult pong = probe("127.0.0.1:" + irc.getLocalPort(), "irc_echo");
        assertTrue(pong.success(), pong.error());
    }

    @Test
    void aWrongBannerFailsAsARegexFailure() {
        ProbeResult r = probe("127.0.0.1:" + redis.getLocalPort(), "ssh_banner");
        assertFalse(r.success());
        assertTrue(r.error().startsWith("timed out") || r.error().startsWith("no line matched"), r.error());
        ProbeResult wrong = probe("127.0.0.1:" + ssh.getLocalPort(), "redis_ping");
        assertEquals("no line matched /^\\+PONG/ (step 2)", wrong.error());
        assertEquals(1, value(wrong, "probe_failed_due_to_regex"));
    }

    @Test
    void aSilentServerTimesOutWithinTheDeadline() {
        Target t = new TargetParser(Samples.MODULES).parse("127.0.0.1:" + silent.getLocalPort(), "ssh_banner", java.util.Map.of());
        long start = System.nanoTime();
        ProbeResult r = ProbeEngine.system(PathHistory.inMemory()).probe(t, java.time.Duration.ofMillis(300));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertFalse(r.success());
        assertTrue(r.error().startsWith("timed out"), r.error());
        assertTrue(tookMs < 2300, "took " + tookMs + " ms");
    }

    @Test
    void tlsOverTcpReportsVersionAndCertificate() {
        ProbeResult r = probe("127.0.0.1:" + tls.getAddress().getPort(), "tls_insecure");
        assertTrue(r.success(), r.error());
        assertTrue(value(r, "probe_ssl_earliest_cert_expiry") > 0);
        assertTrue(r.facts().get("tls_version").toString().startsWith("TLS 1."));
        ProbeResult verified = probe("tls://127.0.0.1:" + tls.getAddress().getPort(), null);
        assertTrue(verified.error().startsWith("TLS: certificate not trusted"), verified.error());
    }

    /** What a fake server does with one connection. */
    private interface Conversation {
        void talk(Conn conn) throws IOException;
    }

    private record Conn(BufferedReader in, PrintWriter out) {
    }

    private static ServerSocket serve(Conversation c) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            s.setSoTimeout(2000);
                            c.talk(new Conn(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)),
                                    new PrintWriter(s.getOutputStream(), false, StandardCharsets.UTF_8)));
                        } catch (IOException | NullPointerException e) {
                            // the probe hung up early, as failing probes do
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return server;
    }
}
