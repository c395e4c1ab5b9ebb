package obs.probe;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import obs.exec.Tools;

/** dnsmasq from Debian on a free loopback port, answering for the zone obs.test only. */
final class Dnsmasq implements AutoCloseable {
    private final Process process;
    final int port;

    private Dnsmasq(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static boolean installed() {
        return Tools.find("dnsmasq").isPresent();
    }

    static Dnsmasq start(Path dir) throws IOException, InterruptedException {
        int port = freePort();
        Path conf = dir.resolve("dnsmasq.conf");
        Files.writeString(conf, String.join("\n",
                "port=" + port, "listen-address=127.0.0.1", "bind-interfaces", "no-resolv", "no-hosts",
                "local=/obs.test/", "host-record=web.obs.test,127.0.0.1", "host-record=db.obs.test,127.0.0.2",
                "address=/bad.obs.test/127.0.0.66", "txt-record=txt.obs.test,\"hello obs\"", ""));
        Process p = new ProcessBuilder(Tools.find("dnsmasq").orElseThrow().toString(), "--conf-file=" + conf,
                "--keep-in-foreground", "--pid-file=" + dir.resolve("dnsmasq.pid"), "--user=" + System.getProperty("user.name"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("dnsmasq.log").toFile()).start();
        Dnsmasq d = new Dnsmasq(p, port);
        d.awaitReady();
        return d;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IOException("dnsmasq exited with " + process.exitValue());
            }
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress("127.0.0.1", port));
            } catch (IOException bound) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IOException("dnsmasq did not listen on " + port);
    }

    /** A port free for both UDP and TCP. */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
                 DatagramSocket udp = new DatagramSocket(tcp.getLocalPort(), java.net.InetAddress.getByName("127.0.0.1"))) {
                return tcp.getLocalPort();
            } catch (IOException udpTaken) {
                // the same number was taken for UDP; the next attempt gets another one
            }
        }
        throw new IOException("no port free for both TCP and UDP");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
