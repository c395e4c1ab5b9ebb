package obs.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import obs.cli.Exit;
import obs.cli.KubeOptions;
import obs.cli.ObsException;
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
}
