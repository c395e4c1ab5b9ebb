package obs.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import obs.cli.KubeOptions;
import obs.core.Exit;
import obs.core.ObsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeConfigTest {
    static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: lab
              cluster: {server: https://10.0.0.1:6443}
            - name: other
              cluster: {server: https://10.0.0.2:6443}
            contexts:
            - name: lab
              context: {cluster: lab, user: u, namespace: ao}
            - name: other
              context: {cluster: other, user: u}
            current-context: lab
            users:
            - name: u
              user: {token: t}
            """;

    @Test
    void noKubeconfigAndNotInAClusterIsUnreachableWithOneLine(@TempDir Path home) {
        ObsException e = assertThrows(ObsException.class, () -> Kube.config(new KubeOptions(), Map.of(), home));
        assertEquals(Exit.UNREACHABLE, e.exit());
        assertEquals("no Kubernetes configuration: no --kubeconfig, no $KUBECONFIG, no " + home.resolve(".kube/config")
                + ", and not running in a cluster (use --sandbox for the local stack)", e.getMessage());
    }

    @Test
    void kubeconfigAndContextAreHonoured(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kc");
        Files.writeString(file, KUBECONFIG);
        KubeOptions o = new KubeOptions();
        o.kubeconfig = file.toString();
        assertEquals("https://10.0.0.1:6443/", Kube.config(o, Map.of(), dir).getMasterUrl());
        o.context = "other";
        assertEquals("https://10.0.0.2:6443/", Kube.config(o, Map.of(), dir).getMasterUrl());
    }

    @Test
    void aKubeconfigVariablePointingNowhereCountsAsNone(@TempDir Path home) {
        ObsException e = assertThrows(ObsException.class,
                () -> Kube.config(new KubeOptions(), Map.of("KUBECONFIG", home.resolve("nope").toString()), home));
        assertEquals(Exit.UNREACHABLE, e.exit());
    }

    private static KubeOptions options(Path kubeconfig, String context) {
        KubeOptions o = new KubeOptions();
        o.kubeconfig = kubeconfig == null ? null : kubeconfig.toString();
        o.context = context;
        return o;
    }

    private static ObsException failure(KubeOptions o, Map<String, String> env, Path home) {
        return assertThrows(ObsException.class, () -> Kube.config(o, env, home));
    }

    @Test
    void anUnknownContextIsAUsageErrorNamingTheFileAndTheContexts(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve(".kube"));
        Path file = Files.writeString(home.resolve(".kube/config"), KUBECONFIG);
        for (KubeOptions given : List.of(options(file, "prdo"), options(null, "prdo"))) {
            ObsException e = failure(given, Map.of(), home);
            assertEquals(Exit.USAGE, e.exit());
            assertEquals("context 'prdo' is not in " + file + "; contexts: lab, other", e.getMessage());
        }
    }

    @Test
    void contextsComeFromEveryFileOfTheKubeconfigVariable(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a"), """
                clusters: [{name: lab, cluster: {server: "https://10.0.0.1:6443"}}]
                contexts: [{name: lab, context: {cluster: lab, user: u}}]
                users: [{name: u, user: {token: t}}]
                current-context: lab
                """);
        Path b = Files.writeString(dir.resolve("b"), """
                clusters: [{name: other, cluster: {server: "https://10.0.0.2:6443"}}]
                contexts: [{name: other, context: {cluster: other, user: u}}]
                """);
        Map<String, String> env = Map.of("KUBECONFIG", a + ":" + dir.resolve("missing") + "::" + b);
        assertEquals("https://10.0.0.1:6443/", Kube.config(options(null, null), env, dir).getMasterUrl());
        assertEquals("https://10.0.0.2:6443/", Kube.config(options(null, "other"), env, dir).getMasterUrl());
        ObsException e = failure(options(null, "prdo"), env, dir);
        assertEquals(Exit.USAGE, e.exit());
        assertEquals("context 'prdo' is not in " + a + ", " + b + " ($KUBECONFIG); contexts: lab, other", e.getMessage());
    }

    @Test
    void aContextInsideAClusterWithoutKubeconfigIsAUsageError(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "t");
        Map<String, String> pod = Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443");
        ObsException e = assertThrows(ObsException.class, () -> Kube.config(options(null, "prod"), pod, dir, token));
        assertEquals(Exit.USAGE, e.exit());
        assertEquals("--context prod: there is no kubeconfig to take it from (no --kubeconfig, no $KUBECONFIG, no "
                + dir.resolve(".kube/config") + "); obs is running in a pod and uses its service account", e.getMessage());
    }

    @Test
    void aMalformedKubeconfigNamesTheFileAndLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("kc"), "apiVersion: v1\nclusters:\n- name: x\n  cluster: {server: [\n");
        ObsException e = failure(options(file, null), Map.of(), dir);
        assertEquals(Exit.USAGE, e.exit());
        assertTrue(e.getMessage().startsWith(file + ":5:1: invalid YAML: "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void anEmptyKubeconfigSaysSo(@TempDir Path dir) throws Exception {
        for (String text : new String[] {"", "\n# nothing here\n"}) {
            Path file = Files.writeString(dir.resolve("kc"), text);
            ObsException e = failure(options(file, null), Map.of(), dir);
            assertEquals(Exit.USAGE, e.exit());
            assertEquals(file + ": the kubeconfig is empty", e.getMessage());
        }
    }

    @Test
    void aKubeconfigOfTheWrongShapeNamesTheFileLineAndKey(@TempDir Path dir) throws Exception {
        Path list = Files.writeString(dir.resolve("list"), "- a\n- b\n");
        assertEquals(list + ":1:1: expected a mapping, found a list", failure(options(list, null), Map.of(), dir).getMessage());
        Path contexts = Files.writeString(dir.resolve("contexts"), "apiVersion: v1\ncontexts: 5\n");
        assertEquals(contexts + ":2:11: 'contexts' must be a list, found a single value",
                failure(options(contexts, null), Map.of(), dir).getMessage());
        Path cluster = Files.writeString(dir.resolve("cluster"), "clusters:\n- name: x\n  cluster: [a]\n");
        assertEquals(cluster + ":3:12: 'cluster' must be a mapping, found a list",
                failure(options(cluster, null), Map.of(), dir).getMessage());
    }

    @Test
    void aKubeconfigThatIsNotARegularFileIsRefused(@TempDir Path dir) {
        ObsException e = failure(options(Path.of("/dev/zero"), null), Map.of(), dir);
        assertEquals(Exit.USAGE, e.exit());
        assertEquals("--kubeconfig /dev/zero: not a regular file", e.getMessage());
    }

    @Test
    void aMissingOrDanglingCurrentContextIsAUsageErrorUnlessAContextIsGiven(@TempDir Path dir) throws Exception {
        Path none = Files.writeString(dir.resolve("none"), KUBECONFIG.replace("current-context: lab\n", ""));
        assertEquals(none + " sets no current-context: pass --context NAME (contexts: lab, other)",
                failure(options(none, null), Map.of(), dir).getMessage());
        assertEquals("https://10.0.0.2:6443/", Kube.config(options(none, "other"), Map.of(), dir).getMasterUrl());
        Path dangling = Files.writeString(dir.resolve("dangling"), KUBECONFIG.replace("current-context: lab", "current-context: gone"));
        assertEquals("the current-context 'gone' of " + dangling + " is not one of its contexts: lab, other (pass --context NAME)",
                failure(options(dangling, null), Map.of(), dir).getMessage());
    }

    @Test
    void aWrongTypeDeeperInTheFileIsNamedByItsPath(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("kc"), KUBECONFIG.replace("{server: https://10.0.0.2:6443}", "{server: [a, b]}"));
        ObsException e = failure(options(file, null), Map.of(), dir);
        assertEquals(Exit.USAGE, e.exit());
        assertEquals(file + ": 'clusters[1].cluster.server' has the wrong type for a kubeconfig", e.getMessage());
    }

    @Test
    void devNullAsKubeconfigVariableMeansNoKubeconfigAsForKubectl(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve(".kube"));
        Files.writeString(home.resolve(".kube/config"), KUBECONFIG);
        ObsException e = failure(options(null, null), Map.of("KUBECONFIG", "/dev/null"), home);
        assertEquals(Exit.UNREACHABLE, e.exit());
    }
}
