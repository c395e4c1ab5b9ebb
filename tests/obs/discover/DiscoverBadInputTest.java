package obs.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import obs.install.MockCluster;
import obs.install.MockCluster.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to discover: one line naming what is wrong, the documented exit code, nothing written. */
class DiscoverBadInputTest {
    @TempDir static Path tmp;
    static LabCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new LabCluster(tmp);
        cluster.client.resource(new ConfigMapBuilder().withNewMetadata().withName("prometheus-config").withNamespace("cxtm").endMetadata()
                .addToData("prometheus.yml", "scrape_configs:\n  - job_name: x\n    relabel_configs: [\n").build()).create();
        cluster.client.resource(new ConfigMapBuilder().withNewMetadata().withName("prometheus-config").withNamespace("apps").endMetadata()
                .addToData("prometheus.yml", "scrape_configs:\n  - job_name: odd\n    relabel_configs:\n      - action: replace\n"
                        + "        regex: '(unclosed'\n").build()).create();
        cluster.client.resource(new ConfigMapBuilder().withNewMetadata().withName("prometheus-config").withNamespace("cxtaf-cxeng").endMetadata()
                .addToData("prometheus.yml", "global: {}\n").build()).create();
        cluster.api.deny("GET", "/api/v1/namespaces/cxtaf-cxeng/configmaps/prometheus-discovered");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static Run run(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--kubeconfig", cluster.kubeconfig.toString()));
        return MockCluster.command("Discover", all.toArray(String[]::new));
    }

    static void assertFails(int exit, String err, Run r) {
        assertEquals(exit, r.exit(), r.err());
        assertEquals("", r.out());
        assertEquals(err + "\n" + (exit == 2 ? "See 'discover --help'.\n" : ""), r.err());
    }

    @Test
    void aNamespaceThatDoesNotExistIsAUsageError() {
        assertFails(2, "[obs] error: namespace 'cxtn' does not exist", run("-n", "obs", "cxtm", "cxtn", "--apply"));
        assertEquals(null, cluster.client.configMaps().inNamespace("obs").withName("prometheus-discovered").get().getData()
                .get(Coverage.PROBES_KEY), "nothing written");
    }

    @Test
    void anInvalidNamespaceNameIsAUsageError() {
        assertFails(2, "[obs] error: invalid namespace 'CXTM': use at most 63 lower-case letters, digits and '-', starting and ending "
                + "with a letter or digit", run("-n", "obs", "CXTM"));
    }

    @Test
    void anUnreadableConfigMapIsNamed() {
        assertFails(1, "[obs] error: cannot read ConfigMap cxtaf-cxeng/prometheus-discovered (HTTP 403: User "
                + "\"system:serviceaccount:ci:installer\" cannot get resource at /api/v1/namespaces/cxtaf-cxeng/configmaps/prometheus-discovered)",
                run("-n", "cxtaf-cxeng", "cxtm"));
    }

    @Test
    void aMissingPrometheusConfigurationIsNamed() {
        assertFails(1, "[obs] error: no ConfigMap cxtaf-cxeng-ui/prometheus-config: Prometheus is not installed there (give the "
                + "stack's namespace with -n)", run("-n", "cxtaf-cxeng-ui", "cxtm"));
    }

    @Test
    void aBrokenPrometheusConfigurationIsNamedWithItsLine() {
        assertFails(1, "[obs] error: ConfigMap cxtm/prometheus-config key prometheus.yml:4: invalid YAML: expected the node content, but found '<stream end>'",
                run("-n", "cxtm", "cxtm"));
        assertFails(1, "[obs] error: ConfigMap apps/prometheus-config key prometheus.yml: job odd: relabel regex '(unclosed' is not "
                + "valid: Unclosed group", run("-n", "apps", "cxtm"));
    }

    @Test
    void aMalformedPatternInSetIsAUsageErrorNamingTheKey() {
        assertFails(2, "[obs] error: --set discovery.teams.cxtm.services=cxtm-(web: discovery.teams.cxtm.services: discovery.teams services pattern 'cxtm-(web' is not a "
                + "regular expression: Unclosed group at character 10", run("-n", "obs", "--set", "discovery.teams.cxtm.services=cxtm-(web"));
    }

    @Test
    void listenWithoutWatchIsAUsageError() {
        assertFails(2, "[obs] error: --listen applies only with --watch", run("-n", "obs", "--listen", ":9117"));
    }

    @Test
    void anUnreachableApiIsExitThree() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path kubeconfig = tmp.resolve("down");
        Files.writeString(kubeconfig, Files.readString(cluster.kubeconfig).replaceAll("server: \"[^\"]+\"", "server: \"https://127.0.0.1:" + port + "\""));
        Run r = MockCluster.command("Discover", "--kubeconfig", kubeconfig.toString(), "cxtm");
        assertEquals(3, r.exit(), r.err());
        assertEquals(List.of("[obs] error: cannot reach the Kubernetes API at https://127.0.0.1:" + port + "/: Connection refused: /127.0.0.1:" + port),
                r.err().lines().toList());
    }
}
