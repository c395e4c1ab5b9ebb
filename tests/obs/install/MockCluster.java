package obs.install;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import obs.cli.Cli;
import obs.kube.Workloads;

/**
 * A fake cluster for the install tests: fabric8's mock API server with {@link ApplyingDispatcher}, a kubeconfig
 * pointing at it, and stand-in controllers that write Ready status into every workload the way the real ones
 * would, except the workloads a test declares stuck: those get a pod that cannot pull its image.
 */
public final class MockCluster implements AutoCloseable {
    /** Held so the level sticks: the mock server logs every request at INFO. */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(Level.WARNING);
    }

    public final ApplyingDispatcher api = new ApplyingDispatcher();
    public final KubernetesMockServer server;
    public final KubernetesClient client;
    public final Path kubeconfig;
    private final Set<String> stuck = ConcurrentHashMap.newKeySet();
    private final Set<String> stuckPods = ConcurrentHashMap.newKeySet();
    private final Thread controllers;
    private volatile boolean running = true;

    /** What a command printed and returned. */
    public record Run(int exit, String out, String err) {
    }

    public MockCluster(Path dir) {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), api, false);
        server.init();
        client = server.createClient();
        kubeconfig = kubeconfig(dir, client);
        controllers = Thread.ofVirtual().start(this::control);
    }

    /** Writes {@code dir/kubeconfig} pointing at the mock server behind {@code client}. */
    public static Path kubeconfig(Path dir, KubernetesClient client) {
        Path file = dir.resolve("kubeconfig");
        try {
            Files.writeString(file, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: mock, cluster: {server: "%s"}}]
                    users: [{name: tester, user: {token: not-checked}}]
                    contexts: [{name: mock, context: {cluster: mock, user: tester}}]
                    current-context: mock
                    """.formatted(client.getMasterUrl().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A cluster with one roomy node and a default StorageClass: nothing in it blocks an install. */
    public static MockCluster oneNode(Path dir) {
        MockCluster cluster = new MockCluster(dir);
        cluster.node("node-1", "8", "32Gi", Map.of("kubernetes.io/hostname", "node-1"), null);
        cluster.storageClass("local-path", true);
        return cluster;
    }

    /** Runs a script command ("Install", "Uninstall") in-process against this cluster. */
    public Run run(String script, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--kubeconfig", kubeconfig.toString()));
        return command(script, all.toArray(String[]::new));
    }

    /** Runs a script command with exactly these arguments (no kubeconfig added). */
    public static Run command(String script, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            Object command = Class.forName(script).getDeclaredConstructor().newInstance();
            int exit = Cli.run(command, new PrintWriter(out), new PrintWriter(err), args);
            return new Run(exit, out.toString(), err.toString());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A node with allocatable CPU and memory, labels and (optionally) a provider ID. */
    public Node node(String name, String cpu, String memory, Map<String, String> labels, String providerId) {
        Node node = new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withProviderID(providerId).endSpec()
                .withNewStatus().addToAllocatable("cpu", new Quantity(cpu)).addToAllocatable("memory", new Quantity(memory))
                .addNewAddress().withType("InternalIP").withAddress("10.0.0." + (name.hashCode() & 0x7f)).endAddress().endStatus().build();
        return client.resource(node).create();
    }

    public void storageClass(String name, boolean isDefault) {
        client.resource(new StorageClassBuilder().withNewMetadata().withName(name)
                .withAnnotations(isDefault ? Map.of("storageclass.kubernetes.io/is-default-class", "true") : Map.of()).endMetadata()
                .withProvisioner("rancher.io/local-path").build()).create();
    }

    /** The named workload never becomes Ready: its pod waits on an image pull that keeps failing. */
    public void stuck(String workload) {
        stuck.add(workload);
    }

    private void control() {
        while (running) {
            try {
                client.apps().deployments().inAnyNamespace().list().getItems().forEach(this::deployment);
                client.apps().statefulSets().inAnyNamespace().list().getItems().forEach(this::statefulSet);
                client.apps().daemonSets().inAnyNamespace().list().getItems().forEach(this::daemonSet);
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            } catch (KubernetesClientException | IllegalStateException e) {
                // The server is shutting down or an object changed under us: the next round catches up.
            }
        }
    }

    private void deployment(Deployment d) {
        int n = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        if (!hold(d) && (d.getStatus() == null || !d.getMetadata().getGeneration().equals(d.getStatus().getObservedGeneration()))) {
            d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration()).withReplicas(n)
                    .withUpdatedReplicas(n).withReadyReplicas(n).withAvailableReplicas(n).build());
            client.resource(d).updateStatus();
        }
    }

    private void statefulSet(StatefulSet s) {
        int n = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
        if (!hold(s) && (s.getStatus() == null || !s.getMetadata().getGeneration().equals(s.getStatus().getObservedGeneration()))) {
            s.setStatus(new StatefulSetStatusBuilder().withObservedGeneration(s.getMetadata().getGeneration()).withReplicas(n)
                    .withReadyReplicas(n).withCurrentReplicas(n).withUpdatedReplicas(n).withCurrentRevision("r1").withUpdateRevision("r1").build());
            client.resource(s).updateStatus();
        }
    }

    private void daemonSet(DaemonSet d) {
        if (!hold(d) && (d.getStatus() == null || !d.getMetadata().getGeneration().equals(d.getStatus().getObservedGeneration()))) {
            d.setStatus(new DaemonSetStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration()).withDesiredNumberScheduled(1)
                    .withCurrentNumberScheduled(1).withUpdatedNumberScheduled(1).withNumberReady(1).withNumberAvailable(1).build());
            client.resource(d).updateStatus();
        }
    }

    /** For a stuck workload: creates its failing pod and the kubelet's warning event once, and writes no Ready status. */
    private boolean hold(HasMetadata w) {
        String name = w.getMetadata().getName();
        if (!stuck.contains(name)) {
            return false;
        }
        String ns = w.getMetadata().getNamespace();
        String pod = name + (w instanceof StatefulSet ? "-0" : "-7d4b9c-x2x9q");
        if (stuckPods.add(pod)) {
            var image = Workloads.template(w).orElseThrow().getSpec().getContainers().getFirst().getImage();
            var created = client.resource(new PodBuilder().withNewMetadata().withName(pod).withNamespace(ns)
                    .withLabels(Workloads.selector(w).orElseThrow().getMatchLabels()).endMetadata()
                    .withNewSpec().addNewContainer().withName(name).withImage(image).endContainer().endSpec().build()).create();
            created.setStatus(new PodStatusBuilder().withPhase("Pending")
                    .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                    .addNewCondition().withType("Ready").withStatus("False").endCondition()
                    .withContainerStatuses(new ContainerStatusBuilder().withName(name).withReady(false).withRestartCount(0).withNewState()
                            .withNewWaiting().withReason("ImagePullBackOff").withMessage("Back-off pulling image \"" + image + "\"")
                            .endWaiting().endState().build()).build());
            client.resource(created).updateStatus();
            client.resource(new EventBuilder().withNewMetadata().withName(pod + ".1").withNamespace(ns).endMetadata()
                    .withType("Warning").withReason("Failed").withMessage("Failed to pull image \"" + image + "\": not found")
                    .withLastTimestamp("2026-01-01T00:00:00Z")
                    .withNewInvolvedObject().withKind("Pod").withName(pod).withNamespace(ns).endInvolvedObject().build()).create();
        }
        return true;
    }

    @Override
    public void close() {
        running = false;
        controllers.interrupt();
        try {
            controllers.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
        server.destroy();
    }
}
