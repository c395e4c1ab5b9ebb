package obs.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Each folder's kustomization lists exactly its files, and `kubectl kustomize` builds it. */
class KustomizationTest {

    /** Secrets the installation uses but never ships: the installer or the operator creates them. */
    private static final Set<String> EXTERNAL_SECRETS =
            Set.of("grafana-admin", "alertmanager-receivers", "mariadb-exporter", "redis-exporter");

    /** ConfigMaps that Kubernetes itself publishes in every namespace. */
    private static final Set<String> EXTERNAL_CONFIGMAPS = Set.of("kube-root-ca.crt");

    static List<String> folders() {
        return Manifests.kustomizeFolders();
    }

    @ParameterizedTest
    @MethodSource("folders")
    void listsExactlyTheFilesPresent(String folder) {
        Set<String> listed = new TreeSet<>(Manifests.resources(folder));
        Manifests.generatedConfigMaps(folder).values().forEach(listed::addAll);
        assertEquals(Manifests.filesIn(folder), listed,
                "manifests/" + folder + "/kustomization.yaml must list every file of the folder, and only those");
        assertEquals(listed.size(), Manifests.resources(folder).size()
                + Manifests.generatedConfigMaps(folder).values().stream().mapToInt(List::size).sum(),
                folder + ": a file is listed twice");
    }

    @ParameterizedTest
    @MethodSource("folders")
    void generatedConfigMapsHaveStableNamesAndLabels(String folder) {
        if (Manifests.generatedConfigMaps(folder).isEmpty()) {
            return;
        }
        Map<String, Object> k = Manifests.kustomization(folder);
        assertEquals(Boolean.TRUE, Manifests.at(k, "generatorOptions.disableNameSuffixHash"),
                folder + ": workloads mount ConfigMaps by fixed name");
        Map<String, Object> labels = Manifests.map(Manifests.at(k, "generatorOptions.labels"), folder + " labels");
        assertEquals(new TreeSet<>(Manifests.LABEL_KEYS), new TreeSet<>(labels.keySet()), folder + " generator labels");
        for (String name : Manifests.generatedConfigMaps(folder).keySet()) {
            assertTrue(name.startsWith(folder + "-"), folder + ": ConfigMap " + name + " is named <component>-<purpose>");
        }
    }

    @ParameterizedTest
    @MethodSource("folders")
    void kubectlKustomizeBuildsTheFolder(String folder) {
        List<HasMetadata> objects = build(folder);
        assertTrue(!objects.isEmpty(), folder + " renders nothing");
        List<String> problems = new ArrayList<>();
        Set<String> configMaps = new HashSet<>();
        for (HasMetadata o : objects) {
            String id = folder + ": " + o.getKind() + " " + o.getMetadata().getName();
            if (o instanceof GenericKubernetesResource) {
                problems.add(id + ": unknown kind");
            }
            boolean clusterScoped = o instanceof Namespace || o instanceof ClusterRole || o instanceof ClusterRoleBinding;
            if (!clusterScoped && !Manifests.NAMESPACE.equals(o.getMetadata().getNamespace())) {
                problems.add(id + ": namespace " + o.getMetadata().getNamespace());
            }
            Map<String, String> labels = o.getMetadata().getLabels();
            for (String key : Manifests.LABEL_KEYS) {
                if (labels == null || !labels.containsKey(key)) {
                    problems.add(id + ": missing label " + key);
                }
            }
            if (o.getKind().equals("Secret")) {
                problems.add(id + ": Secrets are never shipped; the installer or the operator creates them");
            }
            if (o instanceof ConfigMap) {
                configMaps.add(o.getMetadata().getName());
            }
        }
        for (HasMetadata o : objects) {
            PodSpec pod = podSpec(o);
            if (pod == null) {
                continue;
            }
            for (Volume v : pod.getVolumes()) {
                if (v.getConfigMap() != null && !configMaps.contains(v.getConfigMap().getName())
                        && !EXTERNAL_CONFIGMAPS.contains(v.getConfigMap().getName())) {
                    problems.add(folder + ": volume " + v.getName() + " mounts ConfigMap " + v.getConfigMap().getName()
                            + ", which this folder does not generate");
                }
                if (v.getSecret() != null && !EXTERNAL_SECRETS.contains(v.getSecret().getSecretName())) {
                    problems.add(folder + ": volume " + v.getName() + " mounts unknown Secret " + v.getSecret().getSecretName());
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theWholeStackHasNoDuplicateObjects() {
        Set<String> seen = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (String folder : folders()) {
            for (HasMetadata o : build(folder)) {
                String key = o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
                if (!seen.add(key)) {
                    duplicates.add(folder + ": " + key);
                }
            }
        }
        assertEquals(List.of(), duplicates);
    }

    private static List<HasMetadata> build(String folder) {
        Optional<Path> kubectl = Manifests.which("kubectl");
        Assumptions.assumeTrue(kubectl.isPresent(), "kubectl is not installed");
        Manifests.Result r = Manifests.run(Manifests.dir(), 120, kubectl.get().toString(), "kustomize", folder);
        assertEquals(0, r.exit(), "kubectl kustomize manifests/" + folder + ":\n" + r.output());
        List<HasMetadata> out = new ArrayList<>();
        for (Object doc : Manifests.loadAll(r.output())) {
            out.add(Serialization.unmarshal(Serialization.asJson(doc)));
        }
        return out;
    }

    private static PodSpec podSpec(HasMetadata o) {
        if (o instanceof Deployment d) {
            return d.getSpec().getTemplate().getSpec();
        } else if (o instanceof StatefulSet s) {
            return s.getSpec().getTemplate().getSpec();
        } else if (o instanceof DaemonSet d) {
            return d.getSpec().getTemplate().getSpec();
        }
        return null;
    }
}
