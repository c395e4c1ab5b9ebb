package obs.backup;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import obs.access.Endpoints;
import obs.backup.Manifest.MetricCount;
import obs.backup.Manifest.PrometheusFacts;
import obs.backup.RestoreReport.Action;
import obs.cli.Console;
import obs.kube.Kube;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The cluster's Prometheus back from a set: the StatefulSet scaled to 0, a helper pod (Prometheus' own image, its
 * security context) mounting the data claim, the old data removed and the snapshot streamed in as a tar over exec's
 * stdin, the helper deleted, the StatefulSet scaled back, and the restored samples confirmed through its HTTP API.
 * Equivalent to {@code kubectl scale sts/prometheus --replicas=0}, {@code kubectl exec -i HELPER -- tar -xf - -C /prometheus},
 * {@code kubectl scale sts/prometheus --replicas=N}.
 */
final class ClusterRestore {
    static final String STATEFULSET = "prometheus";
    static final String CLAIM = "data-prometheus-0";
    static final String HELPER = "prometheus-restore";
    static final Duration WAIT = Duration.ofMinutes(5);
    private final KubernetesClient client;
    private final String namespace;

    ClusterRestore(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    void prometheus(Path set, Compression compression, PrometheusFacts facts, Endpoints.Route route, boolean dryRun, boolean force,
                    RestoreReport report, Console console) throws IOException, InterruptedException {
        String what = "claim " + CLAIM;
        try {
            StatefulSet sts = client.apps().statefulSets().inNamespace(namespace).withName(STATEFULSET).get();
            if (sts == null) {
                throw new IOException("no StatefulSet " + STATEFULSET + " in namespace " + namespace);
            }
            int replicas = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
            if (!force) {
                report.add("prometheus", what, Action.KEPT, "Prometheus' data would be replaced by snapshot " + facts.snapshot() + "; --force does it");
                return;
            }
            if (dryRun) {
                report.add("prometheus", what, Action.REPLACE, "scale " + STATEFULSET + " to 0, replace the data with snapshot "
                        + facts.snapshot() + ", scale back to " + replicas);
                return;
            }
            console.info("prometheus: scaling " + STATEFULSET + " to 0");
            scale(0);
            await(() -> pods().isEmpty(), "the Prometheus pods to stop");
            Container prometheus = sts.getSpec().getTemplate().getSpec().getContainers().stream()
                    .filter(c -> c.getName().equals(ClusterSnapshots.CONTAINER)).findFirst().orElseThrow();
            Pod helper = new PodBuilder().withNewMetadata().withName(HELPER).withNamespace(namespace)
                    .withLabels(Map.of("app.kubernetes.io/name", HELPER, "app.kubernetes.io/part-of", "obs")).endMetadata()
                    .withNewSpec().withRestartPolicy("Never").withSecurityContext(sts.getSpec().getTemplate().getSpec().getSecurityContext())
                    .addNewContainer().withName("restore").withImage(prometheus.getImage()).withCommand("sleep", "3600")
                    .withSecurityContext(prometheus.getSecurityContext())
                    .addNewVolumeMount().withName("data").withMountPath(ClusterSnapshots.DATA).endVolumeMount().endContainer()
                    .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName(CLAIM).endPersistentVolumeClaim().endVolume()
                    .endSpec().build();
            client.pods().inNamespace(namespace).resource(helper).create();
            try {
                await(() -> running(client.pods().inNamespace(namespace).withName(HELPER).get()), "the restore helper pod to run");
                exec(null, "sh", "-c", "rm -rf " + ClusterSnapshots.DATA + "/*");
                console.info("prometheus: streaming the snapshot into " + CLAIM);
                exec(out -> writeTar(set, compression, out), "tar", "-xf", "-", "-C", ClusterSnapshots.DATA);
            } finally {
                client.pods().inNamespace(namespace).withName(HELPER).delete();
                await(() -> client.pods().inNamespace(namespace).withName(HELPER).get() == null, "the helper pod to go");
                console.info("prometheus: scaling " + STATEFULSET + " back to " + replicas);
                scale(replicas);
            }
            await(() -> pods().stream().anyMatch(ClusterRestore::running), "Prometheus to run again");
        } catch (KubernetesClientException e) {
            throw Kube.explain(e, client);
        }
        Map<String, MetricCount> got = awaitCounts(route, facts);
        long samples = got.values().stream().mapToLong(MetricCount::samples).sum();
        report.add("prometheus", what, Action.REPLACE, "snapshot " + facts.snapshot() + " restored; Prometheus serves " + samples
                + " samples of the manifest's metrics");
    }

    private Map<String, MetricCount> awaitCounts(Endpoints.Route route, PrometheusFacts facts) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                Map<String, MetricCount> got = new PrometheusCounts(route).count(List.copyOf(facts.metrics().keySet()), facts.minTimeMs(), facts.evaluatedAtMs());
                boolean all = facts.metrics().entrySet().stream().allMatch(e -> got.get(e.getKey()).samples() >= e.getValue().samples());
                if (all) {
                    return got;
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("Prometheus runs again but serves fewer samples than the manifest recorded: " + got);
                }
            } catch (IOException notReady) {
                if (System.nanoTime() > deadline) {
                    throw notReady;
                }
            }
            Thread.sleep(1000);
        }
    }

    private void scale(int replicas) {
        client.apps().statefulSets().inNamespace(namespace).withName(STATEFULSET).edit(s -> {
            s.getSpec().setReplicas(replicas);
            return s;
        });
    }

    private List<Pod> pods() {
        return client.pods().inNamespace(namespace).withLabel("app.kubernetes.io/name", "prometheus").list().getItems();
    }

    private static boolean running(Pod p) {
        return p != null && p.getStatus() != null && "Running".equals(p.getStatus().getPhase());
    }

    private static void await(BooleanSupplier done, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("waited " + WAIT.toMinutes() + " min for " + what);
            }
            Thread.sleep(200);
        }
    }

    /** Runs a command in the helper; with {@code stdin}, what it writes is streamed to the command (the snapshot as a tar). */
    private void exec(PodExec.Stdin stdin, String... command) throws IOException {
        PodExec.run(client, namespace, HELPER, "restore", stdin, command);
    }

    /** The set's snapshot as one tar stream with paths relative to the data folder (an archive is decompressed on the way). */
    static void writeTar(Path set, Compression compression, OutputStream out) throws IOException {
        if (compression != Compression.NONE) {
            try (InputStream in = compression.open(set)) {
                in.transferTo(out);
            }
            return;
        }
        Path dir = set.resolve(SnapshotSink.DIR);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                TarArchiveEntry e = new TarArchiveEntry(dir.relativize(f).toString());
                e.setSize(Files.size(f));
                tar.putArchiveEntry(e);
                Files.copy(f, tar);
                tar.closeArchiveEntry();
            }
        }
        tar.finish();
        tar.flush();
    }
}
