package obs.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import obs.install.MockCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scenario: the kubeconfig's current context {@code f} is a live cluster that holds an obs
 * installation, {@code prod} is another, and the operator mistypes {@code --context prdo}. Every command that
 * takes --context must stop with a usage error before it sends a single request, instead of acting on {@code f}.
 */
class ContextOptionTest {
    @TempDir Path tmp;
    KubernetesMockServer server;
    KubernetesClient client;
    Path kubeconfig;

    @BeforeEach
    void clusterWithAnInstallation() throws Exception {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("prometheus-config").withNamespace("ao")
                .withLabels(Map.of("app.kubernetes.io/part-of", "obs", "app.kubernetes.io/name", "prometheus")).endMetadata().build()).create();
        kubeconfig = Files.writeString(tmp.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - {name: f, cluster: {server: "%s"}}
                - {name: prod, cluster: {server: "https://127.0.0.1:1"}}
                users: [{name: u, user: {token: not-checked}}]
                contexts:
                - {name: f, context: {cluster: f, user: u}}
                - {name: prod, context: {cluster: prod, user: u}}
                current-context: f
                """.formatted(client.getMasterUrl()));
    }

    @AfterEach
    void close() {
        client.close();
        server.destroy();
    }

    static List<List<String>> commands() {
        return List.of(List.of("Uninstall", "ao", "--yes"), List.of("Install", "ao"), List.of("Install", "ao", "--check"),
                List.of("Install", "ao", "--diff"), List.of("CheckServices", "ao"),
                List.of("CheckServices", "ao", "--endpoint", "prometheus=http://127.0.0.1:1"));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void anUnknownContextStopsTheCommandBeforeAnyRequest(List<String> command) {
        int before = server.getRequestCount();
        List<String> args = new ArrayList<>(command.subList(1, command.size()));
        args.addAll(List.of("--kubeconfig", kubeconfig.toString(), "--context", "prdo"));
        MockCluster.Run r = MockCluster.command(command.getFirst(), args.toArray(String[]::new));
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals("[obs] error: context 'prdo' is not in " + kubeconfig + "; contexts: f, prod",
                r.err().lines().findFirst().orElse(""), r.err());
        assertEquals(before, server.getRequestCount(), "requests reached the API server of context f");
        assertNotNull(client.configMaps().inNamespace("ao").withName("prometheus-config").get(), "uninstall deleted from context f");
    }

    @Test
    void aKnownContextIsTheOneUsed() {
        int before = server.getRequestCount();
        MockCluster.Run r = MockCluster.command("Uninstall", "ao", "--yes", "--kubeconfig", kubeconfig.toString(), "--context", "prod");
        assertEquals(3, r.exit(), r.out() + r.err());
        assertTrue(r.err().startsWith("[obs] error: cannot reach the Kubernetes API at https://127.0.0.1:1/: "), r.err());
        assertEquals(before, server.getRequestCount(), "requests reached the API server of context f");
    }
}
