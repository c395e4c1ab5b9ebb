package obs.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import obs.kube.Workloads;
import obs.manifests.Checksums;
import obs.manifests.ManifestFolder;
import obs.manifests.Rendered;
import org.junit.jupiter.api.Test;

/** The base profile renders to the manifests as shipped: only the installer's own annotations are added. */
class DefaultRenderTest {
    @Test
    void configurationFilesAreTheShippedFilesByteForByte() throws Exception {
        Rendered r = Rendering.render("default");
        Path m = Rendering.root().resolve("manifests");
        for (String[] f : new String[][] {{"prometheus-config", "prometheus.yml", "prometheus/prometheus.yml"},
                {"loki-config", "loki.yaml", "loki/loki.yaml"}, {"tempo-config", "tempo.yaml", "tempo/tempo.yaml"},
                {"smokeping-config", "smokeping.yml", "smokeping/smokeping.yml"},
                {"mtr-analyzer-config", "targets.yaml", "mtr-analyzer/targets.yaml"},
                {"blackbox-exporter-config", "blackbox.yml", "blackbox-exporter/blackbox.yml"}}) {
            assertEquals(Files.readString(m.resolve(f[2])), Rendering.file(r, f[0], f[1]), f[2]);
        }
    }

    @Test
    void objectsAreTheShippedObjectsPlusTheInstallersAnnotations() {
        Rendered r = Rendering.render("default");
        List<String> problems = new ArrayList<>();
        for (ManifestFolder folder : Rendering.set().folders()) {
            if (r.items().stream().noneMatch(i -> i.folder().equals(folder.name()))) {
                continue;
            }
            for (HasMetadata shipped : folder.objects()) {
                HasMetadata rendered = Rendering.find(r, shipped.getClass(), shipped.getMetadata().getName());
                HasMetadata stripped = Serialization.clone(rendered);
                stripped.getMetadata().setAnnotations(without(stripped.getMetadata().getAnnotations(), Checksums.RENDERED));
                Workloads.template(stripped).ifPresent(t -> t.getMetadata().setAnnotations(
                        without(t.getMetadata().getAnnotations(), Checksums.CONFIG)));
                HasMetadata expected = Serialization.clone(shipped);
                if (expected instanceof Namespaced) {
                    expected.getMetadata().setNamespace(folder.namespace());
                }
                if (!Serialization.asJson(expected).equals(Serialization.asJson(stripped))) {
                    problems.add(folder.name() + ": " + shipped.getKind() + " " + shipped.getMetadata().getName());
                }
            }
        }
        assertEquals(List.of(), problems, "the base profile must render the shipped objects unchanged");
    }

    @Test
    void theDefaultInstallationLeavesTheDatabaseExportersOut() {
        List<String> names = Rendering.names(Rendering.render("default"));
        assertTrue(names.getFirst().startsWith("namespace:Namespace/kube-observability-stack"), names.getFirst());
        assertTrue(names.stream().noneMatch(n -> n.startsWith("mariadb-exporter:") || n.startsWith("redis-exporter:")), names.toString());
        assertTrue(names.contains("network-policies:NetworkPolicy/obs-default-deny"), names.toString());
    }

    private static Map<String, String> without(Map<String, String> annotations, String key) {
        Map<String, String> copy = new LinkedHashMap<>(annotations == null ? Map.of() : annotations);
        copy.remove(key);
        return copy.isEmpty() ? null : copy;
    }
}
