package obs.backup;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import obs.kube.Kube;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Snapshots of the cluster's Prometheus, all through exec into its pod (the CronJob's RBAC allows exec there and
 * nothing else): the snapshot is asked of 127.0.0.1 inside the pod, so the admin API needs no network path from the
 * backup; the snapshot is streamed out as a tar on exec's stdout (Prometheus' image has busybox tar and wget) and
 * unpacked on the fly; then removed from the volume.
 * Equivalent to {@code kubectl exec prometheus-0 -c prometheus -- tar -cf - -C /prometheus/snapshots NAME}.
 */
final class ClusterSnapshots implements SnapshotSource {
    static final String CONTAINER = "prometheus";
    static final String POD = "prometheus-0";
    static final String DATA = "/prometheus";
    private final KubernetesClient client;
    private final String namespace;
    private String pod;

    ClusterSnapshots(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** The StatefulSet's pod, asked for by name: the backup's Role may read that one pod and no other. */
    String pod() {
        if (pod == null) {
            try {
                var p = client.pods().inNamespace(namespace).withName(POD).get();
                if (p == null || p.getStatus() == null || !"Running".equals(p.getStatus().getPhase())) {
                    throw new IllegalStateException("pod " + POD + " in namespace " + namespace + " is not running");
                }
                pod = POD;
            } catch (KubernetesClientException e) {
                throw Kube.explain(e, client);
            }
        }
        return pod;
    }

    @Override
    public String take() throws IOException {
        String out = run("wget", "-q", "-O", "-", "--post-data=", "http://127.0.0.1:9090/api/v1/admin/tsdb/snapshot");
        return LocalSnapshots.name(200, out);
    }

    @Override
    public void copy(String name, SnapshotSink sink) throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = exec(err, "tar", "-cf", "-", "-C", DATA + "/snapshots", name);
             TarArchiveInputStream tar = new TarArchiveInputStream(watch.getOutput())) {
            String prefix = name + "/";
            int files = 0;
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (!e.isFile()) {
                    continue;
                }
                String path = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                if (!path.startsWith(prefix) || path.contains("/../") || path.endsWith("/..")) {
                    throw new IOException("unexpected path in the snapshot's tar stream: " + e.getName());
                }
                sink.stream(path.substring(prefix.length()), e.getSize(), tar);
                files++;
            }
            int code = PodExec.exitCode(watch, "tar in pod " + pod());
            if (code != 0 || files == 0 && err.size() > 0) {
                throw new IOException("tar in pod " + pod() + " failed: " + firstLine(err));
            }
        }
    }

    @Override
    public void delete(String name) throws IOException {
        run("rm", "-rf", DATA + "/snapshots/" + name);
    }

    @Override
    public String describe() {
        return "pod " + pod() + ":" + DATA + "/snapshots";
    }

    /** Runs a command in the Prometheus container; its stdout, or an IOException with its stderr. */
    private String run(String... command) throws IOException {
        return PodExec.run(client, namespace, pod(), CONTAINER, null, command);
    }

    private ExecWatch exec(ByteArrayOutputStream err, String... command) throws IOException {
        try {
            return client.pods().inNamespace(namespace).withName(pod()).inContainer(CONTAINER)
                    .redirectingOutput().writingError(err).exec(command);
        } catch (KubernetesClientException e) {
            throw new IOException("exec into pod " + pod() + " failed: " + Kube.reason(e), e);
        }
    }

    private static String firstLine(ByteArrayOutputStream err) {
        String s = err.toString(StandardCharsets.UTF_8).strip();
        return s.isEmpty() ? "no message" : s.lines().findFirst().orElse(s);
    }

}
