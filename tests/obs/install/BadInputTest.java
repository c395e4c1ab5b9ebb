package obs.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import obs.install.MockCluster.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input is one line on stderr with the right exit code, before anything reaches a cluster. */
class BadInputTest {
    static Path resource(String name) {
        return Path.of("tests/resources/install").resolve(name).toAbsolutePath();
    }

    static void usage(Run r, String message) {
        assertEquals(2, r.exit(), r.err());
        assertEquals("[obs] error: " + message + "\nSee 'install --help'.\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void unknownComponentInOnly() {
        Run r = MockCluster.command("Install", "--only", "prometheus,grafna", "--dry-run");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("[obs] error: unknown component 'grafna' in --only (known: prometheus, alertmanager,"), r.err());
        assertEquals(2, r.err().lines().count(), "one line and the hint");
    }

    @Test
    void badSetKey() {
        usage(MockCluster.command("Install", "--set", "retention.metric=15d", "--dry-run"),
                "--set retention.metric=15d: unknown key 'metric' (expected one of: metrics, logs, traces)");
    }

    @Test
    void malformedValuesFileSaysFileAndLine() {
        usage(MockCluster.command("Install", "-f", resource("values-malformed.yaml").toString(), "--dry-run"),
                resource("values-malformed.yaml") + ":4:1: invalid YAML: expected ',' or ']', but got <stream end>");
    }

    @Test
    void unknownSize() {
        usage(MockCluster.command("Install", "--size", "xl", "--dry-run"), "--set size=xl: unknown size 'xl' (sizes.yaml has: small, medium, large)");
    }

    @Test
    void invalidNamespace() {
        usage(MockCluster.command("Install", "Observability", "--dry-run"),
                "invalid namespace 'Observability': use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit");
        usage(MockCluster.command("Install", "ao", "-n", "monitoring", "--dry-run"), "namespace given twice: -n monitoring and ao");
    }

    @Test
    void unreachableClusterIsExitThreeInOneLine(@TempDir Path tmp) throws Exception {
        Path kubeconfig = Files.writeString(tmp.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: gone, cluster: {server: "http://127.0.0.1:1"}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: gone, context: {cluster: gone, user: u}}]
                current-context: gone
                """);
        long start = System.nanoTime();
        Run r = MockCluster.command("Install", "--check", "--kubeconfig", kubeconfig.toString());
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().matches("\\[obs] error: cannot reach the Kubernetes API at http://127.0.0.1:1/: [^\\n]*\\n"), r.err());
        assertTrue((System.nanoTime() - start) / 1_000_000_000 < 30, "gives up in reasonable time");
        Run uninstall = MockCluster.command("Uninstall", "--yes", "--kubeconfig", kubeconfig.toString());
        assertEquals(3, uninstall.exit(), uninstall.err());
    }
}
