package obs.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import obs.install.MockCluster.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --dry-run, --output-dir and images render without any cluster: no kubeconfig is given to these runs. */
class OfflineModesTest {
    @Test
    void dryRunPrintsTheRenderedYamlAndNeverTheAdminSecret() {
        Run ok = MockCluster.command("Install", "--dry-run", "--profile", "calo-lab");
        assertEquals(0, ok.exit(), ok.err());
        List<HasMetadata> objects = Serialization.unmarshal(ok.out());
        assertTrue(ok.out().startsWith("---\n# Source: manifests/namespace\n"), ok.out().substring(0, 80));
        assertTrue(objects.stream().anyMatch(o -> o.getKind().equals("StatefulSet") && o.getMetadata().getName().equals("prometheus")
                && "ao".equals(o.getMetadata().getNamespace())), "namespace ao from the profile");
        assertTrue(objects.stream().noneMatch(o -> o.getKind().equals("Secret")), "no Secret is rendered");
        assertTrue(ok.out().contains("storageClassName: longhorn-single"), "offline, the preferred class is used as written");
        assertTrue(ok.err().contains("the grafana-admin Secret is generated at install time and never printed"), ok.err());
    }

    @Test
    void jsonIsAListKubectlReads() {
        Run r = MockCluster.command("Install", "--dry-run", "-o", "json", "--only", "grafana", "monitoring");
        assertEquals(0, r.exit(), r.err());
        KubernetesList list = Serialization.unmarshal(r.out(), KubernetesList.class);
        // Grafana's configuration, data sources, dashboard providers and one ConfigMap per dashboard folder.
        assertEquals(List.of("Namespace", "ConfigMap", "ConfigMap", "ConfigMap", "ConfigMap", "ConfigMap", "ConfigMap", "ServiceAccount",
                "Service", "NetworkPolicy", "Deployment"),
                list.getItems().stream().map(HasMetadata::getKind).toList());
        assertEquals("monitoring", list.getItems().getFirst().getMetadata().getName());
    }

    @Test
    void outputDirWritesOneFilePerComponentInInstallOrder(@TempDir Path dir) throws IOException {
        Run r = MockCluster.command("Install", "--output-dir", dir.toString(), "--skip", "tempo");
        assertEquals(0, r.exit(), r.err());
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
            assertEquals("00-namespace.yaml", names.getFirst());
            assertEquals("01-prometheus.yaml", names.get(1));
            assertFalse(names.stream().anyMatch(n -> n.contains("tempo")), names.toString());
            assertTrue(names.getLast().endsWith("-network-policies.yaml"), names.toString());
        }
        assertEquals("", r.out());
        assertTrue(r.err().contains("to " + dir), r.err());
    }

    @Test
    void imagesListsEveryImageOnceForMirroring() {
        Run plain = MockCluster.command("Install", "images");
        assertEquals(0, plain.exit(), plain.err());
        List<String> images = plain.out().lines().toList();
        assertTrue(images.contains("quay.io/prometheus/prometheus:v3.14.0"), plain.out());
        assertTrue(images.contains("ghcr.io/obs-toolkit/obs:0.1.0"), plain.out());
        assertEquals(images.stream().distinct().sorted().toList(), images, "sorted, once each");
        assertTrue(images.stream().noneMatch(i -> i.contains("mysqld-exporter")), "only what the profile installs");

        Run lab = MockCluster.command("Install", "--profile", "calo-lab", "--registry", "registry.lab.local:5000/obs", "--images");
        assertEquals(0, lab.exit(), lab.err());
        assertTrue(lab.out().lines().anyMatch(l -> l.matches("quay.io/prometheus/mysqld-exporter:v0.18.0 +registry.lab.local:5000/obs/"
                + "prometheus/mysqld-exporter:v0.18.0")), lab.out().lines().filter(l -> l.contains("mysqld")).toList().toString());
        assertTrue(lab.out().startsWith("IMAGE"), lab.out());
    }

    @Test
    void modesExcludeEachOther() {
        Run r = MockCluster.command("Install", "--dry-run", "--diff");
        assertEquals(2, r.exit());
        assertEquals("[obs] error: --check, --dry-run/--output-dir, --diff and --images exclude each other\nSee 'install --help'.\n", r.err());
    }
}
