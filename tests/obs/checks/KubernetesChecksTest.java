package obs.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import obs.access.Endpoints;
import obs.access.StackAccess;
import obs.checks.Outcome.Status;
import obs.stack.Component.WorkloadKind;
import obs.stack.Stack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kubernetes checks against fabric8's mock API server in CRUD mode; the test writes workload status itself. */
@EnableKubernetesMockClient(crud = true)
class KubernetesChecksTest {
    static final String NS = "obs";
    static KubernetesClient client;
    static KubernetesMockServer server;

    @BeforeEach
    void clean() {
        client.apps().deployments().inNamespace(NS).delete();
        client.apps().statefulSets().inNamespace(NS).delete();
        client.apps().daemonSets().inNamespace(NS).delete();
        client.pods().inNamespace(NS).delete();
        client.persistentVolumeClaims().inNamespace(NS).delete();
    }

    private static Map<String, String> labels(String name) {
        return Map.of("app.kubernetes.io/name", name, "app.kubernetes.io/part-of", "obs");
    }

    private static <T extends HasMetadata> void create(T object) {
        client.resource(object).inNamespace(NS).create();
        client.resource(object).inNamespace(NS).updateStatus();
    }

    private static Outcome run(String component, Check check) {
        Target target = new Target(Stack.get(component), NS, client, new Endpoints(Map.of(), client, NS, false, Endpoints.Via.proxy));
        return CheckRunner.run(List.of(new CheckRunner.Job(check, target))).stream()
                .map(r -> new Outcome(r.status(), r.message())).findFirst().orElseThrow();
    }

    private static Check check(Check.Rollout r, Check.Pods p, Check.Pvc v, Check.Http h) {
        return new Check("c", "t", null, Duration.ofSeconds(5), "r.md", r, p, v, h, null);
    }

    private static Check rollout(WorkloadKind kind) {
        return check(new Check.Rollout(kind, null), null, null, null);
    }

    @Test
    void rolledOutDeploymentPasses() {
        create(new DeploymentBuilder().withNewMetadata().withName("grafana").withLabels(labels("grafana")).withGeneration(2L).endMetadata()
                .withNewSpec().withReplicas(2).endSpec()
                .withNewStatus().withObservedGeneration(2L).withReplicas(2).withUpdatedReplicas(2).withReadyReplicas(2).withAvailableReplicas(2).endStatus().build());
        assertEquals(new Outcome(Status.ok, "Deployment grafana rolled out"), run("grafana", rollout(WorkloadKind.Deployment)));
    }

    @Test
    void rollingDeploymentFailsWithProgress() {
        create(new DeploymentBuilder().withNewMetadata().withName("grafana").withGeneration(3L).endMetadata()
                .withNewSpec().withReplicas(2).endSpec()
                .withNewStatus().withObservedGeneration(3L).withUpdatedReplicas(1).withReadyReplicas(1).withAvailableReplicas(2).endStatus().build());
        assertEquals(new Outcome(Status.fail, "Deployment grafana: rolling out: 1/2 updated, 1/2 ready"),
                run("grafana", rollout(WorkloadKind.Deployment)));
    }

    @Test
    void statefulSetNotReadyAndMissingWorkloadFail() {
        create(new StatefulSetBuilder().withNewMetadata().withName("prometheus").endMetadata().withNewSpec().withReplicas(1).endSpec()
                .withNewStatus().withObservedGeneration(1L).withReplicas(1).withReadyReplicas(0).endStatus().build());
        assertEquals(new Outcome(Status.fail, "StatefulSet prometheus: 0/1 ready, 0/1 available"),
                run("prometheus", rollout(WorkloadKind.StatefulSet)));
        assertEquals(new Outcome(Status.fail, "StatefulSet loki not found in namespace obs"), run("loki", rollout(WorkloadKind.StatefulSet)));
    }

    @Test
    void daemonSetOnNoNodeFails() {
        create(new DaemonSetBuilder().withNewMetadata().withName("node-exporter").endMetadata()
                .withNewStatus().withObservedGeneration(1L).withDesiredNumberScheduled(0).endStatus().build());
        assertEquals(new Outcome(Status.fail, "DaemonSet node-exporter: scheduled on no node (check node selector and taints)"),
                run("node-exporter", rollout(WorkloadKind.DaemonSet)));
    }

    @Test
    void crashLoopingPodIsNamedWithItsLastExit() {
        create(new PodBuilder().withNewMetadata().withName("loki-0").withLabels(labels("loki")).endMetadata()
                .withNewStatus().addNewContainerStatus().withName("loki").withRestartCount(7)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated().endLastState()
                .endContainerStatus().endStatus().build());
        assertEquals(new Outcome(Status.fail, "loki-0/loki is crash-looping (7 restarts, last exit 1 Error)"),
                run("loki", check(null, new Check.Pods(null, null), null, null)));
    }

    @Test
    void healthyPodsPass() {
        create(new PodBuilder().withNewMetadata().withName("tempo-0").withLabels(labels("tempo")).endMetadata()
                .withNewStatus().addNewContainerStatus().withName("tempo").withRestartCount(1)
                .withNewState().withNewRunning().endRunning().endState().endContainerStatus().endStatus().build());
        assertEquals(new Outcome(Status.ok, "1 pod(s) healthy"), run("tempo", check(null, new Check.Pods(null, null), null, null)));
    }

    @Test
    void pendingClaimFailsAndBoundPasses() {
        create(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data-loki-0").withLabels(labels("loki")).endMetadata()
                .withNewStatus().withPhase("Pending").endStatus().build());
        assertEquals(new Outcome(Status.fail, "data-loki-0 is Pending (check the storage class and provisioner events)"),
                run("loki", check(null, null, new Check.Pvc(null), null)));
        create(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data-tempo-0").withLabels(labels("tempo")).endMetadata()
                .withNewStatus().withPhase("Bound").endStatus().build());
        assertEquals(new Outcome(Status.ok, "1 claim(s) Bound"), run("tempo", check(null, null, new Check.Pvc(null), null)));
    }

    @Test
    void rbacDenialIsReportedAsSuch() {
        server.expect().get().withPath("/api/v1/namespaces/obs/pods?labelSelector=app.kubernetes.io%2Fname%3Dalloy")
                .andReturn(403, "{\"kind\":\"Status\",\"code\":403,\"message\":\"pods is forbidden\"}").once();
        Outcome o = run("alloy", check(null, new Check.Pods(null, null), null, null));
        assertEquals(Status.fail, o.status());
        assertEquals("Kubernetes API: forbidden by RBAC: pods is forbidden", o.message());
    }

    @Test
    void httpCheckGoesThroughTheApiServerServiceProxy() {
        server.expect().get().withPath("/api/v1/namespaces/obs/services/prometheus:9090/proxy/-/ready")
                .andReturn(200, "Prometheus Server is Ready.\n").once();
        assertEquals(new Outcome(Status.ok, "HTTP 200 from /-/ready"),
                run("prometheus", check(null, null, null, new Check.Http("/-/ready", null, null, "Ready", null))));
    }

    @Test
    void aServiceWithoutPodsCannotBePortForwardedAndSaysSo() {
        Target target = new Target(Stack.get("loki"), NS, client, new Endpoints(Map.of(), client, NS, false));
        Check ready = check(null, null, null, new Check.Http("/ready", null, null, null, null));
        CheckResult r = CheckRunner.run(List.of(new CheckRunner.Job(ready, target))).get(0);
        assertEquals(Status.fail, r.status());
        assertEquals("port-forward to service loki:3100 failed: Not Found", r.message());
    }

    @Test
    void inventoryFindsInstalledComponentsAndTheReportSaysWhatIsMissing() {
        create(new StatefulSetBuilder().withNewMetadata().withName("prometheus").withLabels(labels("prometheus")).withGeneration(1L).endMetadata()
                .withNewSpec().withReplicas(1).endSpec()
                .withNewStatus().withObservedGeneration(1L).withReplicas(1).withReadyReplicas(1).withAvailableReplicas(1).endStatus().build());
        create(new DeploymentBuilder().withNewMetadata().withName("not-ours").endMetadata().build());
        Set<String> installed = StackAccess.inventory(client, NS);
        assertEquals(Set.of("prometheus"), installed);
        Report report = ServiceChecks.run(Path.of("checks"), List.of("prometheus", "grafana"), installed, StackAccess.Mode.CLUSTER, NS, client,
                new Endpoints(Map.of(), client, NS, false));
        CheckResult rollout = report.results().stream().filter(r -> r.id().equals("prometheus-rollout")).findFirst().orElseThrow();
        assertEquals(Status.ok, rollout.status());
        CheckResult grafana = report.results().stream().filter(r -> r.component().equals("grafana")).findFirst().orElseThrow();
        assertEquals(Status.fail, grafana.status());
        assertEquals("not installed in namespace obs", grafana.message());
        assertEquals(obs.core.Exit.PROBLEM, report.exit());
    }
}
