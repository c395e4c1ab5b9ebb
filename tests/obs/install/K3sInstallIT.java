package obs.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import obs.exec.Tools;
import obs.install.MockCluster.Run;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real install into k3s running in Docker, driven with the docker CLI (Testcontainers is not a dependency):
 * install, install again without changes, check-services through port-forwards, uninstall. Skipped where there
 * is no Docker daemon.
 */
class K3sInstallIT {
    static final String IMAGE = "docker.io/rancher/k3s:v1.31.4-k3s1";
    static final Duration STEP = Duration.ofMinutes(3);

    @Test
    void installsIntoK3sAndRemovesItAgain(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/var/run/docker.sock")) && Tools.find("docker").isPresent(),
                "no Docker daemon here");
        String name = "obs-k3s-" + ProcessHandle.current().pid();
        docker("run", "-d", "--privileged", "--name", name, "-p", "127.0.0.1::6443", IMAGE, "server",
                "--disable=traefik", "--disable=metrics-server");
        try {
            Path kubeconfig = kubeconfig(name, tmp);
            String[] components = {"--only", "prometheus,grafana,kube-state-metrics,pushgateway,network-policies"};
            Run first = install(kubeconfig, components);
            assertEquals(0, first.exit(), first.err());
            Run second = install(kubeconfig, components);
            assertEquals(0, second.exit(), second.err());
            assertTrue(second.err().contains("[obs] config: 0 applied"), second.err());
            // check-services reaches each component through a port-forward it opens itself: the route no mock can serve.
            Run checked = MockCluster.command("CheckServices", "--kubeconfig", kubeconfig.toString(), "--no-color");
            // (not its exit code: Prometheus's Alertmanager check fails by design, Alertmanager is not in this install)
            for (String id : List.of("prometheus-ready", "grafana-health", "kube-state-metrics-live", "pushgateway-ready")) {
                assertTrue(checked.out().lines().anyMatch(l -> l.contains(" " + id + " ") && l.contains(" ok ")), id + ":\n" + checked.out());
            }
            Run removed = MockCluster.command("Uninstall", "--yes", "--kubeconfig", kubeconfig.toString());
            assertEquals(0, removed.exit(), removed.err());
        } finally {
            docker("rm", "-f", name);
        }
    }

    private static Run install(Path kubeconfig, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--timeout", "5m", "--kubeconfig", kubeconfig.toString()));
        return MockCluster.command("Install", all.toArray(String[]::new));
    }

    /** k3s writes its kubeconfig once the API server is up; it names 127.0.0.1:6443, mapped to a random host port. */
    private static Path kubeconfig(String name, Path dir) throws InterruptedException {
        Instant deadline = Instant.now().plus(STEP);
        while (Instant.now().isBefore(deadline)) {
            Tools.Result r = Tools.run(STEP, "docker.io", List.of("docker", "exec", name, "cat", "/etc/rancher/k3s/k3s.yaml"));
            if (r.exit() == 0 && r.stdout().contains("server:")) {
                String port = docker("port", name, "6443/tcp").trim().replaceAll("^.*:", "");
                Path file = dir.resolve("kubeconfig");
                try {
                    Files.writeString(file, r.stdout().replace("https://127.0.0.1:6443", "https://127.0.0.1:" + port));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                return file;
            }
            Thread.sleep(2000);
        }
        throw new AssertionError("k3s did not write its kubeconfig within " + STEP);
    }

    private static String docker(String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        Tools.Result r = Tools.run(STEP, "docker.io", cmd);
        assertEquals(0, r.exit(), String.join(" ", cmd) + ": " + r.stderr());
        return r.stdout();
    }
}
