package obs.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import obs.backup.Manifest.FileEntry;
import obs.backup.Manifest.MetricCount;
import obs.backup.Manifest.PrometheusFacts;
import obs.sandbox.SandboxFixture;
import obs.sandbox.SandboxFixture.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * backup verify's restore drill in a throwaway pod, against fabric8's mock API server with a scripted kubelet
 * ({@link ScratchKubelet}): the pod's spec, the snapshot arriving in it over exec, the counts read through exec, the pod
 * deleted whatever the outcome, and the cases where no drill can run.
 */
class ScratchPodTest {
    static final Map<ServerRequest, Queue<ServerResponse>> responses = new ConcurrentHashMap<>();
    static final String NS = "obs";
    static final String BLOCK = "01JDXXXXXXXXXXXXXXXXXXXXXX/";
    static final Map<String, String> SNAPSHOT = Map.of(BLOCK + "meta.json", "{\"minTime\":1796000000000,\"maxTime\":1796007200000}",
            BLOCK + "chunks/000001", "chunk-bytes", BLOCK + "index", "index-bytes");
    static ScratchKubelet kubelet;
    static MockApi api;
    static KubernetesClient client;

    @TempDir
    Path dir;
    Path kubeconfig;
    Path set;
    volatile boolean running = true;

    @BeforeAll
    static void start() {
        kubelet = new ScratchKubelet(responses);
        api = new MockApi(responses, kubelet);
        client = api.client;
    }

    @AfterAll
    static void end() {
        api.close();
    }

    @BeforeEach
    void cluster() throws Exception {
        kubelet.prometheus = prometheus(120);
        kubelet.tarReportsStatus = true;
        kubelet.waitingReason = null;
        kubelet.wgetError = null;
        kubelet.markerWritten = false;
        kubelet.files = new java.util.concurrent.CompletableFuture<>();
        kubelet.created.clear();
        kubelet.commands.clear();
        kubeconfig = api.kubeconfig(dir);
        set = set(dir.resolve("obs-20261202T000000Z"));
        MockApi.control(() -> running, () -> kubelet.tick(client, NS));
    }

    @AfterEach
    void stop() {
        running = false;
        api.server.reset();
    }

    /** A set of the prometheus part whose manifest recorded 2 series and 120 samples of up, none of the others. */
    static Path set(Path set) throws Exception {
        List<FileEntry> files = new ArrayList<>();
        for (var e : SNAPSHOT.entrySet()) {
            String relative = SnapshotSink.DIR + "/" + e.getKey();
            Path f = set.resolve(relative);
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            files.add(Checksums.of(f, relative));
        }
        Map<String, MetricCount> metrics = new LinkedHashMap<>();
        PrometheusCounts.METRICS.forEach(m -> metrics.put(m, m.equals("up") ? new MetricCount(2, 120) : new MetricCount(0, 0)));
        Manifest m = new Manifest(Manifest.FORMAT, "0.1.0", new Manifest.Source("cluster", "https://lab:6443", NS), Map.of("prometheus", "3.14.0"),
                "2026-12-02T00:00:00Z", "2026-12-02T00:00:05Z", List.of("prometheus"), "none", false, files,
                new PrometheusFacts("snap", 1796007200000L, 1796000000000L, 2, metrics), null);
        Files.write(set.resolve(Manifest.NAME), m.toBytes());
        return set;
    }

    /** Prometheus' API with 2 series of up holding {@code upSamples} samples, as wget prints the answers. */
    static UnaryOperator<String> prometheus(int upSamples) {
        return path -> MockApi.prometheus(path, upSamples);
    }

    private Run verify(String... extra) {
        List<String> args = new ArrayList<>(List.of("verify", set.toString(), "--kubeconfig", kubeconfig.toString()));
        args.addAll(List.of(extra));
        return SandboxFixture.run("Backup", args.toArray(String[]::new));
    }

    /**
     * The names of the scratch pods there are. A list that times out is asked again, for up to two minutes: under a
     * full test run on a small machine, fabric8's mock server has been seen to stall its event loop for half a minute
     * (its watch listener waits for an executor on that loop when a watch closes), and that says nothing of the pods.
     */
    private static List<String> scratchPods() throws InterruptedException {
        long give = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            try {
                return client.pods().inNamespace(NS).list().getItems().stream().map(p -> p.getMetadata().getName())
                        .filter(n -> n.startsWith(ScratchPod.PREFIX)).toList();
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 0 || System.nanoTime() > give) {
                    throw e;
                }
                Thread.sleep(1000);
            }
        }
    }

    @Test
    void aSecurePodReceivesTheSnapshotServesTheRecordedCountsAndIsDeleted() throws Exception {
        Run run = verify("--scratch", "pod", "-n", NS);
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.err().contains("[obs] prometheus: restore drill on a throwaway pod in namespace obs (quay.io/prometheus/prometheus:v3.14.0"),
                run.err());
        assertTrue(run.out().matches("(?s).*prometheus +ok +a scratch Prometheus \\(pod obs-backup-verify-[0-9a-f]{8}\\) serves the recorded 2 series and 120 samples.*"),
                run.out());
        assertEquals(SNAPSHOT, kubelet.files.get(1, TimeUnit.SECONDS));
        assertTrue(kubelet.markerWritten);
        assertEquals(List.of(), scratchPods(), "the scratch pod is deleted");

        Pod pod = kubelet.created.getFirst();
        var spec = pod.getSpec();
        assertEquals("obs", pod.getMetadata().getLabels().get("app.kubernetes.io/part-of"));
        assertTrue(pod.getMetadata().getName().matches("obs-backup-verify-[0-9a-f]{8}"), pod.getMetadata().getName());
        assertEquals(ScratchPod.DEADLINE_SECONDS, spec.getActiveDeadlineSeconds());
        assertEquals("Never", spec.getRestartPolicy());
        assertEquals(false, spec.getAutomountServiceAccountToken());
        assertEquals(true, spec.getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", spec.getSecurityContext().getSeccompProfile().getType());
        Container c = spec.getContainers().getFirst();
        assertEquals("quay.io/prometheus/prometheus:v3.14.0", c.getImage());
        assertEquals(true, c.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(false, c.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
        assertEquals("2Gi", c.getResources().getLimits().get("memory").toString());
        assertEquals("1Gi", c.getResources().getRequests().get("memory").toString());
        assertTrue(String.join(" ", c.getReadinessProbe().getExec().getCommand()).endsWith("http://127.0.0.1:9090/-/ready"));
        assertTrue(c.getCommand().getLast().contains("until [ -e " + ScratchPod.MARKER + " ]"), c.getCommand().toString());
        var volume = spec.getVolumes().getFirst();
        assertEquals(ScratchPod.sizeLimit(SNAPSHOT.values().stream().mapToLong(String::length).sum()),
                volume.getEmptyDir().getSizeLimit().getNumericalAmount().longValue());
        assertEquals(ScratchPod.WORK, c.getVolumeMounts().getFirst().getMountPath());
        assertEquals(List.of("mkdir", "-p", ScratchPod.DATA), kubelet.commands.getFirst());
        assertEquals(List.of("tar", "-xf", "-", "-C", ScratchPod.DATA), kubelet.commands.get(1));
        assertEquals(List.of("touch", ScratchPod.MARKER), kubelet.commands.get(2));
    }

    @Test
    void aCountMismatchIsExit1NamingTheMetricAndThePodIsDeleted() throws Exception {
        kubelet.prometheus = prometheus(119);
        Run run = verify("--scratch", "pod", "--registry", "mirror.lab:5000");
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.out().contains("up: 2 series and 119 samples, the manifest recorded 2 and 120 (scratch: pod obs-backup-verify-"), run.out());
        assertEquals("mirror.lab:5000/prometheus/prometheus:v3.14.0", kubelet.created.getFirst().getSpec().getContainers().getFirst().getImage());
        assertEquals(List.of(), scratchPods());
    }

    @Test
    void aTarStreamWithoutExitStatusFailsTheDrillAndThePodIsDeleted() throws Exception {
        kubelet.tarReportsStatus = false;
        Run run = verify("--scratch", "pod");
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.out().matches("(?s).*restore drill failed: tar in pod obs-backup-verify-[0-9a-f]{8} ended without reporting an exit status.*"),
                run.out());
        assertFalse(kubelet.markerWritten, "Prometheus must not start on a snapshot that may be incomplete");
        assertEquals(List.of(), scratchPods());
    }

    @Test
    void anErrorAnswerThroughWgetIsReportedWithItsStatus() throws Exception {
        kubelet.wgetError = "wget: server returned error: HTTP/1.1 422 Unprocessable Entity\n";
        Run run = verify("--scratch", "pod");
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.out().matches("(?s).*restore drill failed: Prometheus answered 422 to pod obs-backup-verify-[0-9a-f]{8} "
                + "http://127\\.0\\.0\\.1:9090/api/v1/series\\?match\\[\\]=up&start=1796000000\\.000&end=1796007200\\.000: "
                + "wget: server returned error: HTTP/1\\.1 422 Unprocessable Entity\n.*"), run.out());
        assertEquals(List.of(), scratchPods());
    }

    @Test
    void anImageThatCannotBePulledFailsAtOnceNamingWhy() throws Exception {
        kubelet.waitingReason = "ErrImagePull";
        Run run = verify("--scratch", "pod");
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.out().contains("did not get to start: container prometheus waiting: ErrImagePull: pull access denied"), run.out());
        assertEquals(List.of(), scratchPods());
    }

    @Test
    void aMistypedContextFailsRatherThanFallingBackToTheLocalBinary() {
        Run run = verify("--context", "lab-typo");
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("context 'lab-typo' is not in"), run.err());
        assertFalse(run.err().contains("restore drill on"), run.err());
        Run local = verify("--scratch", "local", "-n", NS);
        assertEquals(2, local.exit(), local.toString());
        assertTrue(local.err().contains("--kubeconfig does not apply to --scratch local"), local.err());
    }

    @Test
    void theNamespaceIsTheOptionElseTheOneAClusterSetCameFromElseObsDefault() {
        Manifest m = Manifest.read(set);
        try (DrillScratch d = DrillScratch.choose(DrillScratch.Kind.pod, kube(kubeconfig, null), null, m)) {
            assertTrue(d.describe().startsWith("a throwaway pod in namespace obs "), d.describe());
        }
        Manifest fromSandbox = new Manifest(m.format(), m.obsVersion(), new Manifest.Source("sandbox", null, null), m.componentVersions(),
                m.startedAt(), m.finishedAt(), m.parts(), m.compression(), false, m.files(), m.prometheus(), null);
        try (DrillScratch d = DrillScratch.choose(DrillScratch.Kind.pod, kube(kubeconfig, null), null, fromSandbox)) {
            assertTrue(d.describe().startsWith("a throwaway pod in namespace kube-observability-stack "), d.describe());
        }
        try (DrillScratch d = DrillScratch.choose(DrillScratch.Kind.pod, kube(kubeconfig, "ao"), null, m)) {
            assertTrue(d.describe().startsWith("a throwaway pod in namespace ao "), d.describe());
        }
    }

    @Test
    void noBinaryAndNoClusterIsExit3NamingBothWays() {
        Manifest m = Manifest.read(set);
        var e = org.junit.jupiter.api.Assertions.assertThrows(obs.core.ObsException.class, () -> DrillScratch.choose(DrillScratch.Kind.auto,
                new obs.cli.KubeOptions(), null, m, java.util.Optional.empty(), Map.of(), dir));
        assertEquals(obs.core.Exit.UNREACHABLE, e.exit());
        assertEquals("no scratch Prometheus for the restore drill: prometheus is not installed here (apt-get install -y prometheus, "
                + "for --scratch local), and no cluster for --scratch pod: no kubeconfig (--kubeconfig, $KUBECONFIG, " + dir.resolve(".kube/config")
                + ") and not running in a pod", e.getMessage());
        var local = org.junit.jupiter.api.Assertions.assertThrows(obs.core.ObsException.class, () -> DrillScratch.choose(DrillScratch.Kind.local,
                new obs.cli.KubeOptions(), null, m, java.util.Optional.empty(), Map.of(), dir));
        assertEquals(obs.core.Exit.UNREACHABLE, local.exit());
        assertTrue(local.getMessage().contains("apt-get install -y prometheus"), local.getMessage());
    }

    @Test
    void theLocalBinaryIsTheDefaultWithoutClusterOptions() {
        Manifest m = Manifest.read(set);
        try (DrillScratch d = DrillScratch.choose(DrillScratch.Kind.auto, new obs.cli.KubeOptions(), null, m,
                java.util.Optional.of(Path.of("/usr/bin/prometheus")), Map.of(), dir)) {
            assertEquals("a local Prometheus (/usr/bin/prometheus)", d.describe());
        }
    }

    @Test
    void ctrlCWhileThePodStartsDeletesIt() throws Exception {
        kubelet.waitingReason = "ContainerCreating";
        Path log = dir.resolve("verify.log");
        Process verify = SandboxFixture.launch(Map.of(), log, "Backup", "verify", set.toString(), "--scratch", "pod",
                "--kubeconfig", kubeconfig.toString());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (scratchPods().isEmpty() && verify.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(scratchPods().isEmpty(), "no scratch pod within 120 s: " + Files.readString(log));
            new ProcessBuilder("kill", "-INT", Long.toString(verify.pid())).start().waitFor();
            assertTrue(verify.waitFor(60, TimeUnit.SECONDS), "verify did not end on SIGINT: " + Files.readString(log));
            assertEquals(130, verify.exitValue(), Files.readString(log));
        } finally {
            verify.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertEquals(List.of(), scratchPods(), "the shutdown hook deletes the pod: " + Files.readString(log));
    }

    @Test
    void withoutTheBinaryAndWithoutAClusterVerifyExits3SayingBoth() throws Exception {
        List<String> command = new ArrayList<>(List.of(obs.exec.ThisJvm.java().toString()));
        command.addAll(obs.exec.ThisJvm.arguments());
        command.addAll(List.of("-Duser.home=" + dir, "Backup", "verify", set.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        pb.environment().clear();
        pb.environment().put("PATH", dir.resolve("no-bin").toString());
        Process verify = pb.start();
        assertTrue(verify.waitFor(120, TimeUnit.SECONDS));
        String err = Files.readString(dir.resolve("err"));
        assertEquals(3, verify.exitValue(), err);
        assertTrue(err.contains("no scratch Prometheus for the restore drill: prometheus is not installed here (apt-get install -y prometheus, "
                + "for --scratch local), and no cluster for --scratch pod: no kubeconfig"), err);
        assertEquals(1, err.strip().lines().count(), err);
        assertEquals("", Files.readString(dir.resolve("out")));
    }

    private static obs.cli.KubeOptions kube(Path kubeconfig, String namespace) {
        var o = new obs.cli.KubeOptions();
        o.kubeconfig = kubeconfig.toString();
        o.namespace = namespace;
        return o;
    }
}
