package obs.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import obs.install.MockCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one look at the API server before a command's work: a server that hangs or is not Kubernetes is unreachable (exit 3). */
class ReachabilityTest {
    @TempDir Path tmp;

    private Path kubeconfig(String server) throws IOException {
        return Files.writeString(tmp.resolve("kubeconfig"), """
                apiVersion: v1
                clusters: [{name: c, cluster: {server: "%s"}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: c, context: {cluster: c, user: u}}]
                current-context: c
                """.formatted(server));
    }

    @Test
    void aServerThatAcceptsButNeverAnswersIsUnreachableWithinTheTimeout() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException e) {
                    // The test closed the listener.
                }
            });
            String url = "http://127.0.0.1:" + silent.getLocalPort();
            long t0 = System.nanoTime();
            MockCluster.Run r = MockCluster.command("CheckServices", "--kubeconfig", kubeconfig(url).toString());
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            assertEquals(3, r.exit(), r.err());
            assertEquals("[obs] error: cannot reach the Kubernetes API at " + url + "/: no answer to GET /version within "
                    + Reachability.READ_TIMEOUT.toSeconds() + " s", r.err().strip());
            long bound = Reachability.CONNECT_TIMEOUT.plus(Reachability.READ_TIMEOUT).toSeconds();
            System.out.println("a silent API server: exit " + r.exit() + " after " + seconds + " s");
            assertTrue(seconds <= bound + 30, "took " + seconds + " s, bound " + bound + " s");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void anHttpServerThatIsNotKubernetesIsUnreachable() throws Exception {
        assertNotKubernetes(404, "404 page not found\n", "GET /version answered HTTP 404 (404 page not found)");
        assertNotKubernetes(200, "<html><body>Welcome to nginx!</body></html>\n",
                "GET /version answered HTTP 200 without a version (<html><body>Welcome to nginx!</body></html>)");
    }

    private void assertNotKubernetes(int code, String page, String why) throws Exception {
        HttpServer web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        web.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        web.start();
        try {
            String url = "http://127.0.0.1:" + web.getAddress().getPort();
            MockCluster.Run r = MockCluster.command("Uninstall", "ao", "--yes", "--kubeconfig", kubeconfig(url).toString());
            assertEquals(3, r.exit(), r.err());
            assertEquals("[obs] error: " + url + "/ is not a Kubernetes API server: " + why, r.err().strip());
        } finally {
            web.stop(0);
        }
    }
}
