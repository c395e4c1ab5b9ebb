package obs.backup;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import obs.access.Endpoints;
import obs.cli.Console;
import obs.kube.Kube;
import obs.kube.PodDiagnosis;
import obs.manifests.ImageMirror;
import obs.manifests.ManifestSet;

/**
 * The restore drill's throwaway Prometheus in the cluster, for a host without the Debian package: a pod in the stack's
 * namespace whose container waits for a marker file, the snapshot streamed into its emptyDir as a tar over exec, the
 * marker written, then Prometheus opening that data on 127.0.0.1 only. Its counts are read through exec ({@link ExecRoute}).
 * The pod is deleted by {@link #close()} and, should the JVM be stopped (Ctrl-C), by a shutdown hook; its
 * activeDeadlineSeconds ends it even when neither ran (the process killed with SIGKILL, the machine gone).
 * Equivalent to {@code kubectl run obs-backup-verify-ID ...; kubectl exec -i ... -- tar -xf - -C /work/data; kubectl delete pod}.
 */
final class ScratchPod implements DrillScratch.Scratch {
    static final String CONTAINER = "prometheus";
    static final String PREFIX = "obs-backup-verify-";
    static final String WORK = "/work";
    static final String DATA = WORK + "/data";
    static final String MARKER = WORK + "/.snapshot-loaded";
    /** The kubelet ends the pod after this long whatever happens to verify: the backup CronJob's own deadline. */
    static final long DEADLINE_SECONDS = Duration.ofHours(4).toSeconds();
    /** Image pull and scheduling; then opening the TSDB, which for a large snapshot replays a long head. */
    static final Duration START_WAIT = Duration.ofMinutes(5);
    static final Duration READY_WAIT = Duration.ofMinutes(10);
    static final long GIB = 1L << 30;
    /** Waiting reasons that no amount of waiting fixes. */
    private static final Set<String> HOPELESS = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "CreateContainerConfigError", "CreateContainerError", "CrashLoopBackOff");
    /**
     * The container's script: an empty scrape configuration (it must not add samples of its own), the wait for the
     * marker, then Prometheus on loopback with retention far out (the default 15 days would delete an older backup's
     * blocks at start, and the restored data would look missing).
     */
    static final String SCRIPT = "echo 'scrape_configs: []' > " + WORK + "/prometheus.yml"
            + " && until [ -e " + MARKER + " ]; do sleep 1; done && exec /bin/prometheus --config.file=" + WORK + "/prometheus.yml"
            + " --storage.tsdb.path=" + DATA + " --storage.tsdb.retention.time=100y --web.listen-address=127.0.0.1:9090";

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final Console console;
    private final Thread onExit;

    private ScratchPod(KubernetesClient client, String namespace, String name, Console console) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.console = console;
        this.onExit = new Thread(() -> delete());
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    /** Creates the pod, loads the set's snapshot into it and waits until Prometheus serves it. */
    static ScratchPod start(KubernetesClient client, String namespace, Container shipped, Path set, Compression compression, long snapshotBytes,
                            Console console) throws IOException, InterruptedException {
        String name = PREFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        ScratchPod pod = new ScratchPod(client, namespace, name, console);
        try {
            try {
                client.pods().inNamespace(namespace).resource(spec(name, namespace, shipped, snapshotBytes)).create();
            } catch (KubernetesClientException e) {
                throw new IOException("cannot create pod " + name + " in namespace " + namespace + ": " + Kube.reason(e), e);
            }
            console.progress("prometheus: waiting for pod " + name + " (" + shipped.getImage() + ")");
            pod.await(START_WAIT, "to start", p -> "Running".equals(p.getStatus().getPhase()));
            console.progress("prometheus: streaming the snapshot into pod " + name);
            // The data folder is made here rather than by the container's script, which may not have run yet.
            PodExec.run(client, namespace, name, CONTAINER, null, "mkdir", "-p", DATA);
            PodExec.run(client, namespace, name, CONTAINER, in -> ClusterRestore.writeTar(set, compression, in), "tar", "-xf", "-", "-C", DATA);
            PodExec.run(client, namespace, name, CONTAINER, null, "touch", MARKER);
            console.progress("prometheus: waiting for the scratch Prometheus in pod " + name + " to open the snapshot");
            pod.await(READY_WAIT, "to be ready", ScratchPod::ready);
            return pod;
        } catch (IOException | InterruptedException | RuntimeException e) {
            pod.close();
            throw e;
        }
    }

    /** The pod: non-root, read-only root, no capabilities, no API token, bounded in time, memory and disk. */
    static Pod spec(String name, String namespace, Container shipped, long snapshotBytes) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .withLabels(Map.of("app.kubernetes.io/name", "backup-verify", "app.kubernetes.io/component", "backup",
                        "app.kubernetes.io/part-of", "obs", "app.kubernetes.io/managed-by", "obs")).endMetadata()
                .withNewSpec().withRestartPolicy("Never").withActiveDeadlineSeconds(DEADLINE_SECONDS)
                .withAutomountServiceAccountToken(false).withEnableServiceLinks(false).withTerminationGracePeriodSeconds(5L)
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(65534L).withRunAsGroup(65534L).withFsGroup(65534L)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .addNewContainer().withName(CONTAINER).withImage(shipped.getImage()).withCommand("/bin/sh", "-c", SCRIPT)
                .withResources(shipped.getResources())
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true).withRunAsNonRoot(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                // Prometheus listens on loopback only, so the probe asks from inside the container.
                .withNewReadinessProbe().withNewExec().withCommand("wget", "-q", "-O", "/dev/null", ExecRoute.LOCAL + "/-/ready").endExec()
                .withPeriodSeconds(2).withTimeoutSeconds(5).endReadinessProbe()
                .addNewVolumeMount().withName("work").withMountPath(WORK).endVolumeMount().endContainer()
                .addNewVolume().withName("work").withNewEmptyDir().withSizeLimit(new Quantity(Long.toString(sizeLimit(snapshotBytes))))
                .endEmptyDir().endVolume().endSpec().build();
    }

    /**
     * Room for the snapshot and what Prometheus writes on opening it (a new head, WAL, compactions): twice the stored
     * size (a gzip'd snapshot unpacks larger, though TSDB chunks are compressed already) plus 1 GiB. The limit keeps a
     * drill from filling the node's disk: the kubelet evicts the pod instead.
     */
    static long sizeLimit(long snapshotBytes) {
        return 2 * snapshotBytes + GIB;
    }

    /**
     * The Prometheus container of the shipped manifests (manifests/prometheus), its image through the mirror if one is
     * given. Its image is the one the drill runs: the version a restore into this stack would open the snapshot with,
     * and one the cluster already pulls; the version in the set's manifest.json is the one that took the snapshot,
     * possibly a Debian build (2.45.3+ds) that names no image at all. Its resources are the drill's too: it opens the
     * same data.
     */
    static Container shipped(Path manifests, String registry) {
        var folder = ManifestSet.load(manifests).folder("prometheus");
        Container c = folder.objects().stream().filter(o -> o instanceof StatefulSet).map(o -> (StatefulSet) o)
                .flatMap(s -> s.getSpec().getTemplate().getSpec().getContainers().stream())
                .filter(x -> x.getName().equals(CONTAINER)).findFirst()
                .orElseThrow(() -> obs.core.ObsException.usage(manifests.resolve("prometheus") + ": no StatefulSet with a container "
                        + CONTAINER + " (where the Prometheus image is pinned)"));
        return new ContainerBuilder().withImage(registry == null ? c.getImage() : ImageMirror.mirror(c.getImage(), registry))
                .withResources(c.getResources()).build();
    }

    @Override
    public Endpoints.Route route() {
        return new ExecRoute(client, namespace, name, CONTAINER);
    }

    @Override
    public String describe() {
        return "pod " + name;
    }

    private void await(Duration wait, String what, Predicate<Pod> done) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Pod p;
            try {
                p = client.pods().inNamespace(namespace).withName(name).get();
            } catch (KubernetesClientException e) {
                throw new IOException("cannot read pod " + name + ": " + Kube.reason(e), e);
            }
            if (p == null) {
                throw new IOException("pod " + name + " is gone (deleted, or its " + DEADLINE_SECONDS / 3600 + " h deadline passed)");
            }
            if (p.getStatus() != null && done.test(p)) {
                return;
            }
            String hopeless = hopeless(p);
            if (hopeless != null || System.nanoTime() > deadline) {
                throw new IOException("pod " + name + " did not get " + what + (hopeless != null ? "" : " within " + wait.toMinutes() + " min")
                        + ": " + (hopeless != null ? hopeless : String.join("; ", PodDiagnosis.podProblems(p))) + logTail());
            }
            Thread.sleep(500);
        }
    }

    /** Why the pod will never get where it is waited for, or null while it still may. */
    private static String hopeless(Pod p) {
        if (p.getStatus() == null) {
            return null;
        }
        if ("Failed".equals(p.getStatus().getPhase()) || "Succeeded".equals(p.getStatus().getPhase())) {
            return String.join("; ", PodDiagnosis.podProblems(p));
        }
        List<ContainerStatus> containers = p.getStatus().getContainerStatuses();
        for (ContainerStatus c : containers) {
            if (c.getState() != null && c.getState().getWaiting() != null && HOPELESS.contains(c.getState().getWaiting().getReason())
                    || c.getState() != null && c.getState().getTerminated() != null) {
                return String.join("; ", PodDiagnosis.podProblems(p));
            }
        }
        return null;
    }

    private static boolean ready(Pod p) {
        return p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The container's last log lines (Prometheus says why it could not open the data), or nothing when unreadable. */
    private String logTail() {
        try {
            String log = client.pods().inNamespace(namespace).withName(name).inContainer(CONTAINER).tailingLines(3).getLog();
            return log == null || log.isBlank() ? "" : "; its log ends: " + log.strip().replaceAll("\\s*\\n\\s*", " | ");
        } catch (RuntimeException unreadable) {
            return "";
        }
    }

    /** Equivalent to {@code kubectl delete pod NAME --grace-period=0 --ignore-not-found}; the reason when it failed. */
    private String delete() {
        try {
            client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
            return null;
        } catch (KubernetesClientException e) {
            return Kube.reason(e);
        }
    }

    @Override
    public void close() {
        String failed = delete();
        if (failed != null) {
            console.warn("could not delete pod " + name + " in namespace " + namespace + " (" + failed + "); its deadline ends it within "
                    + DEADLINE_SECONDS / 3600 + " h, or: kubectl -n " + namespace + " delete pod " + name);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs anyway and finds the pod gone.
        }
    }
}
