package obs.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import obs.fakes.LokiFake;
import obs.install.MockCluster;
import obs.sandbox.SandboxFixture;
import obs.sandbox.SandboxFixture.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster path against fabric8's mock API server ({@link MockCluster}: workloads rolled out, pods and claims as the
 * test writes them): a pod Running but not
 * Ready and a Pending claim fail the components step; the log agent's step finds (or misses) a Ready stack pod's lines
 * in Loki (a fake, reached by --endpoint as check-services would reach an override).
 */
class ClusterVerifyTest {
    static final String NS = "obs";
    @TempDir
    Path dir;
    MockCluster cluster;
    KubernetesClient client;
    Path kubeconfig;
    LokiFake loki;

    @BeforeEach
    void cluster() throws IOException {
        cluster = new MockCluster(dir);
        client = cluster.client;
        kubeconfig = cluster.kubeconfig;
        for (String name : new String[] {"prometheus", "loki"}) {
            create(new StatefulSetBuilder().withNewMetadata().withName(name).withLabels(labels(name)).endMetadata()
                    .withNewSpec().withReplicas(1).endSpec().build());
        }
        create(new DaemonSetBuilder().withNewMetadata().withName("alloy").withLabels(labels("alloy")).endMetadata().build());
        create(pod("prometheus-0", "prometheus", false));
        create(pod("loki-0", "loki", true));
        create(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data-loki-0").withLabels(labels("loki")).endMetadata()
                .withNewStatus().withPhase("Pending").endStatus().build());
        loki = LokiFake.start();
    }

    @AfterEach
    void clean() {
        loki.close();
        cluster.close();
    }

    private static Map<String, String> labels(String name) {
        return Map.of("app.kubernetes.io/name", name, "app.kubernetes.io/part-of", "obs");
    }

    private static Pod pod(String name, String app, boolean ready) {
        return new PodBuilder().withNewMetadata().withName(name).withLabels(labels(app)).endMetadata()
                .withNewSpec().addNewContainer().withName(app).withImage(app).endContainer().endSpec()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .addNewContainerStatus().withName(app).withReady(ready).withRestartCount(0).withNewState().withNewRunning().endRunning()
                .endState().endContainerStatus().endStatus().build();
    }

    private <T extends HasMetadata> void create(T object) {
        client.resource(object).inNamespace(NS).create();
        client.resource(object).inNamespace(NS).updateStatus();
    }

    private Run verify(String steps) {
        String[] all = {NS, "--kubeconfig", kubeconfig.toString(), "--only", steps, "--timeout", "3s",
            "--endpoint", "loki=" + loki.url(), "--endpoint", "prometheus=http://127.0.0.1:1", "--endpoint", "alloy=http://127.0.0.1:1"};
        return SandboxFixture.run("VerifyInstallation", all);
    }

    @Test
    void podsNotReadyAndPendingClaimsFailComponentsWhileTheAgentsLinesArrive() {
        loki.push(Map.of("namespace", NS, "pod", "loki-0", "container", "loki"), Instant.now().minusSeconds(60), "level=info msg=\"Loki started\"");
        Run run = verify("components,logs");
        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.out().contains("pods not Ready: prometheus-0 (container prometheus running but not ready (readiness probe failing))"),
                run::toString);
        assertTrue(run.out().contains("volume claims not Bound: data-loki-0 is Pending"), run::toString);
        assertTrue(run.out().matches("(?s).*logs\\s+ok.*the log agent delivers: lines of loki-0/loki found by "
                + "\\{namespace=\"obs\",pod=\"loki-0\",container=\"loki\"}.*"), run::toString);
        assertTrue(run.err().contains("in namespace obs"), run::toString);
    }

    @Test
    void theAgentStepFailsWhenAStackPodsLinesNeverReachLoki() {
        Run run = verify("logs");
        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.out().contains("log agent: no line of pod loki-0 container loki in Loki over the last hour"), run::toString);
        assertTrue(run.out().contains("is alloy running and shipping?"), run::toString);
    }
}
