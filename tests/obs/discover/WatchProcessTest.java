package obs.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import obs.exec.ThisJvm;
import obs.probe.Daemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The toolkit's entry point runs the shipped Deployment's command as a real process: it becomes ready, writes the
 * targets, and on SIGTERM (what the kubelet sends) stops its informers and server and ends without a stack trace.
 */
class WatchProcessTest {
    @TempDir Path tmp;

    @Test
    void runsAsTheDeploymentDoesAndStopsCleanlyOnSigterm() throws Exception {
        try (LabCluster cluster = new LabCluster(tmp)) {
            int port = Daemon.freePort();
            List<String> cmd = new ArrayList<>(List.of(ThisJvm.java().toString()));
            cmd.addAll(ThisJvm.arguments());
            cmd.addAll(List.of("ObsMain", "discover", "--watch", "--apply", "--listen=127.0.0.1:" + port, "--configmap=prometheus-discovered",
                    "--debounce=200ms", "--kubeconfig", cluster.kubeconfig.toString(), "-n", Lab.STACK, "cxtm", "cxtaf-cxeng"));
            Path err = tmp.resolve("err.log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectError(err.toFile())
                    .redirectOutput(tmp.resolve("out.log").toFile()).start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                int status = 0;
                while (status != 200 && System.nanoTime() < end && p.isAlive()) {
                    try {
                        status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready")).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (java.io.IOException e) {
                        status = 0;
                    }
                    Thread.sleep(100);
                }
                assertEquals(200, status, Files.readString(err));
                assertTrue(cluster.client.configMaps().inNamespace(Lab.STACK).withName("prometheus-discovered").get().getData()
                        .get(Coverage.PROBES_KEY).contains("http://cxtm-web.cxtm.svc:8080/"));
            } finally {
                p.destroy();
            }
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stopped within 30 s of SIGTERM");
            assertEquals(143, p.exitValue(), "terminated by SIGTERM after the shutdown hook ran");
            String log = Files.readString(err);
            assertTrue(log.endsWith("[obs] stopping\n"), log);
            assertTrue(log.contains("[obs] watching cxtm, cxtaf-cxeng; serving /metrics on port " + port + "\n"), log);
            assertTrue(!log.contains("Exception"), log);
        }
    }
}
