package obs.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import obs.sandbox.SandboxFixture;
import obs.sandbox.SandboxFixture.Run;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster path against fabric8's mock API server with scripted exec: the snapshot asked for inside the pod, its
 * tar streamed out over exec and unpacked with checksums, the snapshot removed; restore scales the StatefulSet to 0,
 * fills the claim through a helper pod and scales it back. Prometheus' HTTP API (the counts) is a small stand-in.
 * The server is built here rather than by the JUnit extension so that a scripted exec ({@link TarIntoPod}) can join
 * its expectations.
 */
class ClusterPathTest {
    static final Map<ServerRequest, Queue<ServerResponse>> responses = new ConcurrentHashMap<>();
    static MockApi api;
    static KubernetesMockServer server;
    static KubernetesClient client;
    static final String NS = "obs";
    static final String SNAP = "20261202T000000Z-0123456789abcdef";
    /** What the helper pod's tar unpacks from the snapshot {@link #tar()} streams out. */
    static final Map<String, String> RESTORED = Map.of("01JDXXXXXXXXXXXXXXXXXXXXXX/chunks/000001", "chunk-bytes",
            "01JDXXXXXXXXXXXXXXXXXXXXXX/index", "index-bytes",
            "01JDXXXXXXXXXXXXXXXXXXXXXX/meta.json", "{\"minTime\":1796000000000,\"maxTime\":1796007200000}");

    @TempDir
    Path dir;
    HttpServer prometheusApi;
    Path kubeconfig;
    volatile boolean controlling = true;
    Thread controller;

    static String exec(String pod, String container, boolean stdin, String... command) {
        StringBuilder path = new StringBuilder("/api/v1/namespaces/" + NS + "/pods/" + pod + "/exec?");
        for (String c : command) {
            path.append("command=").append(URLEncoder.encode(c, StandardCharsets.UTF_8).replace("+", "%20")).append('&');
        }
        path.append("container=").append(container).append(stdin ? "&stdin=true" : "").append("&stdout=true&stderr=true");
        return path.toString();
    }

    static String tar() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (var e : Map.of(SNAP + "/01JDXXXXXXXXXXXXXXXXXXXXXX/meta.json", "{\"minTime\":1796000000000,\"maxTime\":1796007200000}",
                    SNAP + "/01JDXXXXXXXXXXXXXXXXXXXXXX/chunks/000001", "chunk-bytes", SNAP + "/01JDXXXXXXXXXXXXXXXXXXXXXX/index", "index-bytes").entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                byte[] b = e.getValue().getBytes(StandardCharsets.US_ASCII);
                entry.setSize(b.length);
                tar.putArchiveEntry(entry);
                tar.write(b);
                tar.closeArchiveEntry();
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    @BeforeAll
    static void start() {
        api = new MockApi(responses, new KubernetesMixedDispatcher(responses));
        server = api.server;
        client = api.client;
    }

    @AfterAll
    static void end() {
        api.close();
    }

    @BeforeEach
    void cluster() throws Exception {
        prometheusApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        prometheusApi.createContext("/", x -> {
            String q = x.getRequestURI().getRawQuery();
            byte[] b = MockApi.prometheus(x.getRequestURI().getRawPath() + (q == null ? "" : "?" + q), 120).getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        prometheusApi.start();
        kubeconfig = api.kubeconfig(dir);
        client.apps().statefulSets().inNamespace(NS).resource(new StatefulSetBuilder().withNewMetadata().withName("prometheus")
                .withLabels(Map.of("app.kubernetes.io/name", "prometheus", "app.kubernetes.io/part-of", "obs")).endMetadata()
                .withNewSpec().withReplicas(1).withNewTemplate().withNewSpec().addNewContainer().withName("prometheus")
                .withImage("quay.io/prometheus/prometheus:v3.14.0").endContainer().endSpec().endTemplate().endSpec().build()).create();
        pod("prometheus-0", "prometheus");
        controller = MockApi.control(() -> controlling, this::controlRound);
    }

    private void pod(String name, String app) {
        Pod p = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of("app.kubernetes.io/name", app)).endMetadata()
                .withNewSpec().addNewContainer().withName("prometheus").withImage("quay.io/prometheus/prometheus:v3.14.0").endContainer().endSpec()
                .build()).create();
        p.setStatus(new PodStatusBuilder().withPhase("Running").build());
        client.pods().inNamespace(NS).resource(p).updateStatus();
    }

    /** The StatefulSet controller and kubelet: prometheus-0 follows the replicas, the helper pod gets to Running. */
    private void controlRound() {
        var sts = client.apps().statefulSets().inNamespace(NS).withName("prometheus").get();
        Pod p0 = client.pods().inNamespace(NS).withName("prometheus-0").get();
        if (sts.getSpec().getReplicas() == 0 && p0 != null) {
            client.pods().inNamespace(NS).withName("prometheus-0").delete();
        } else if (sts.getSpec().getReplicas() > 0 && p0 == null) {
            pod("prometheus-0", "prometheus");
        }
        Pod helper = client.pods().inNamespace(NS).withName(ClusterRestore.HELPER).get();
        if (helper != null && helper.getStatus() == null) {
            helper.setStatus(new PodStatusBuilder().withPhase("Running").build());
            client.pods().inNamespace(NS).resource(helper).updateStatus();
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        controlling = false;
        // A round still running could create prometheus-0 after the reset, in the next test's cluster.
        controller.join(java.time.Duration.ofSeconds(30));
        prometheusApi.stop(0);
        server.reset();
    }

    /** Prometheus' admin API answering the snapshot request inside the pod. */
    private static void snapshotTaken() {
        server.expect().get().withPath(exec("prometheus-0", "prometheus", false, "wget", "-q", "-O", "-", "--post-data=",
                "http://127.0.0.1:9090/api/v1/admin/tsdb/snapshot")).andUpgradeToWebSocket()
                .open(new OutputStreamMessage("{\"status\":\"success\",\"data\":{\"name\":\"" + SNAP + "\"}}"), new StatusStreamMessage(0)).done().always();
    }

    /** The snapshot taken, streamed out as a tar by exec and removed, as in prometheus-0. */
    private static void snapshotStreamedOut() throws Exception {
        snapshotTaken();
        server.expect().get().withPath(exec("prometheus-0", "prometheus", false, "tar", "-cf", "-", "-C", "/prometheus/snapshots", SNAP))
                .andUpgradeToWebSocket().open(new OutputStreamMessage(tar()), new StatusStreamMessage(0)).done().always();
        server.expect().get().withPath(exec("prometheus-0", "prometheus", false, "rm", "-rf", "/prometheus/snapshots/" + SNAP))
                .andUpgradeToWebSocket().open(new StatusStreamMessage(0)).done().once();
    }

    /** The restore helper pod: its old data removed, then a tar unpacked from stdin (what it received: {@link TarIntoPod#files}). */
    private static TarIntoPod helperUnpacks() {
        server.expect().get().withPath(exec(ClusterRestore.HELPER, "restore", false, "sh", "-c", "rm -rf /prometheus/*"))
                .andUpgradeToWebSocket().open(new StatusStreamMessage(0)).done().once();
        TarIntoPod helper = new TarIntoPod();
        responses.put(new SimpleRequest(HttpMethod.GET, exec(ClusterRestore.HELPER, "restore", true, "tar", "-xf", "-", "-C", "/prometheus")),
                new ArrayDeque<>(List.of(helper)));
        return helper;
    }

    private Run run(String script, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--kubeconfig", kubeconfig.toString(), "--endpoint", "prometheus=http://127.0.0.1:" + prometheusApi.getAddress().getPort()));
        return SandboxFixture.run(script, all.toArray(String[]::new));
    }

    @Test
    void backupStreamsTheSnapshotOverExecAndRestoreScalesDownAndUp() throws Exception {
        snapshotStreamedOut();
        client.configMaps().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata()
                .withName("prometheus-rules").withLabels(Map.of("app.kubernetes.io/part-of", "obs")).endMetadata()
                .addToData("stack.yml", "groups: []\n").build()).create();
        Run backup = run("Backup", NS, "--only", "prometheus,config", "--to", dir.resolve("sets").toString());
        assertEquals(0, backup.exit(), backup.toString());
        Path set = Path.of(backup.out().strip());
        assertEquals("chunk-bytes", Files.readString(set.resolve("prometheus/snapshot/01JDXXXXXXXXXXXXXXXXXXXXXX/chunks/000001")));
        Manifest m = Manifest.read(set);
        assertEquals(1796000000000L, m.prometheus().minTimeMs());
        assertEquals(120, m.prometheus().metrics().get("up").samples());
        assertEquals("cluster", m.source().mode());
        assertTrue(Files.readString(set.resolve("config/configmaps/prometheus-rules.yaml")).contains("stack.yml"));
        client.configMaps().inNamespace(NS).withName("prometheus-rules").delete();
        Run config = run("Restore", NS, "--only", "config", "--from", set.toString());
        assertEquals(0, config.exit(), config.toString());
        assertEquals("groups: []\n", client.configMaps().inNamespace(NS).withName("prometheus-rules").get().getData().get("stack.yml"));

        TarIntoPod helper = helperUnpacks();
        Run kept = run("Restore", NS, "--only", "prometheus", "--from", set.toString());
        assertEquals(1, kept.exit(), kept.toString());
        assertTrue(kept.out().contains("--force does it"), kept.out());
        Run restore = run("Restore", NS, "--only", "prometheus", "--from", set.toString(), "--force");
        assertEquals(0, restore.exit(), restore.toString());
        assertTrue(restore.err().contains("scaling prometheus to 0") && restore.err().contains("scaling prometheus back to 1"), restore.err());
        assertEquals(1, client.apps().statefulSets().inNamespace(NS).withName("prometheus").get().getSpec().getReplicas());
        assertEquals(null, client.pods().inNamespace(NS).withName(ClusterRestore.HELPER).get());
        assertEquals(RESTORED, helper.files.get(1, TimeUnit.SECONDS));
    }

    @Test
    void aZstdSetIsOneArchiveInTheSetAndAPlainTarIntoThePod() throws Exception {
        snapshotStreamedOut();
        Run backup = run("Backup", NS, "--only", "prometheus", "--compress", "zstd", "--to", dir.resolve("sets").toString());
        assertEquals(0, backup.exit(), backup.toString());
        Path set = Path.of(backup.out().strip());
        assertTrue(Files.isRegularFile(set.resolve("prometheus/snapshot.tar.zst")));
        assertEquals("zstd", Manifest.read(set).compression());
        assertEquals(1796000000000L, Manifest.read(set).prometheus().minTimeMs(), "meta.json read on the way into the archive");

        TarIntoPod helper = helperUnpacks();
        Run restore = run("Restore", NS, "--only", "prometheus", "--from", set.toString(), "--force");
        assertEquals(0, restore.exit(), restore.toString());
        assertEquals(RESTORED, helper.files.get(1, TimeUnit.SECONDS));
    }

    @Test
    void aStreamThatClosesWithoutAnExitStatusFailsTheBackup() throws Exception {
        snapshotTaken();
        server.expect().get().withPath(exec("prometheus-0", "prometheus", false, "tar", "-cf", "-", "-C", "/prometheus/snapshots", SNAP))
                .andUpgradeToWebSocket().open(new OutputStreamMessage(tar())).done().always();
        server.expect().get().withPath(exec("prometheus-0", "prometheus", false, "rm", "-rf", "/prometheus/snapshots/" + SNAP))
                .andUpgradeToWebSocket().open(new StatusStreamMessage(0)).done().once();
        Run backup = run("Backup", NS, "--only", "prometheus", "--to", dir.resolve("sets").toString());
        assertEquals(1, backup.exit(), backup.toString());
        assertTrue(backup.err().contains("backup failed, nothing was kept: prometheus: tar in pod prometheus-0 ended without reporting an exit status"),
                backup.toString());
        try (var found = Files.walk(dir.resolve("sets"))) {
            assertEquals(List.of(), found.filter(f -> f.endsWith(Manifest.NAME)).toList());
        }
    }
}
