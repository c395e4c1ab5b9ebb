package obs.backup;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Queue;
import java.util.function.BooleanSupplier;

/**
 * fabric8's mock API server as the backup tests build it (rather than through the JUnit extension, so that a
 * dispatcher of their own can play exec sessions), a kubeconfig naming it, and Prometheus' API as a stand-in answers it.
 */
final class MockApi implements AutoCloseable {
    final KubernetesMockServer server;
    final KubernetesClient client;

    MockApi(Map<ServerRequest, Queue<ServerResponse>> responses, KubernetesMixedDispatcher dispatcher) {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
        server.init();
        client = server.createClient();
    }

    /** The server's version set (it is reset between tests) and a kubeconfig in {@code dir}: context mock, namespace obs. */
    Path kubeconfig(Path dir) throws IOException {
        server.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("31").withGitVersion("v1.31.4").build());
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: tester, user: {token: not-checked}}]
                contexts: [{name: mock, context: {cluster: mock, user: tester, namespace: obs}}]
                current-context: mock
                """.formatted(client.getMasterUrl().toString()));
        return kubeconfig;
    }

    /**
     * Prometheus' answer to a count query ({@code pathAndQuery} as {@link PrometheusCounts} sends it): version 3.14.0,
     * 2 series of up holding {@code upSamples} samples in all, nothing of the other metrics.
     */
    static String prometheus(String pathAndQuery, int upSamples) {
        boolean up = pathAndQuery.contains("=up") || pathAndQuery.contains("%28up%5B");
        return pathAndQuery.startsWith("/api/v1/status/buildinfo") ? "{\"status\":\"success\",\"data\":{\"version\":\"3.14.0\"}}"
                : pathAndQuery.startsWith("/api/v1/series") ? "{\"status\":\"success\",\"data\":" + (up ? "[{\"__name__\":\"up\"},{\"__name__\":\"up\"}]" : "[]") + "}"
                : "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":"
                + (up ? "[{\"metric\":{},\"values\":[[1796007200,\"" + upSamples + "\"]]}]" : "[]") + "}}";
    }

    /**
     * Plays a controller of the cluster: {@code round} every 50 ms on a virtual thread while {@code running} holds; a
     * round that fails (an object changed under it) is simply followed by the next. The thread is returned so that a
     * test can wait for its last round before the next test starts.
     */
    static Thread control(BooleanSupplier running, Runnable round) {
        return Thread.ofVirtual().start(() -> {
            while (running.getAsBoolean()) {
                try {
                    round.run();
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // The next round sees the settled state.
                }
            }
        });
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
