package obs.discover;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import obs.install.ApplyingDispatcher;
import obs.install.MockCluster;
import obs.install.MockCluster.Run;

/**
 * The mock API server (CRUD mode, with {@link ApplyingDispatcher}'s refusals) holding the {@link Lab}, and a
 * kubeconfig for it. Unlike {@link MockCluster} it runs no stand-in workload controllers: discovery has no
 * workloads to wait for, and their polling would only slow the tests on a busy machine.
 */
final class LabCluster implements AutoCloseable {
    final ApplyingDispatcher api = new ApplyingDispatcher();
    final KubernetesMockServer server;
    final KubernetesClient client;
    final Path kubeconfig;

    LabCluster(Path dir) {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), api, false);
        server.init();
        client = server.createClient();
        kubeconfig = MockCluster.kubeconfig(dir, client);
        Lab.build(this);
    }

    /** Runs discover in-process against this cluster with the stack in {@link Lab#STACK}. */
    Run discover(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--kubeconfig", kubeconfig.toString(), "-n", Lab.STACK, "--no-color"));
        return MockCluster.command("Discover", all.toArray(String[]::new));
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
