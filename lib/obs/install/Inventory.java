package obs.install;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import obs.access.StackAccess;
import obs.core.FanOut;
import obs.kube.ServerSideApply;
import obs.kube.Workloads;
import obs.manifests.ManifestFolder;
import obs.manifests.ManifestSet;

/**
 * What obs installed in a namespace, found by its labels, and deleting it in a safe order. Uninstall deletes all
 * of it; install deletes what it no longer renders.
 */
final class Inventory {
    private Inventory() {
    }

    /** The namespaced kinds obs creates: those of every manifests folder, plus the objects the installer adds. */
    static Set<Class<? extends HasMetadata>> namespacedKinds(ManifestSet set) {
        Set<Class<? extends HasMetadata>> kinds = new LinkedHashSet<>();
        for (ManifestFolder folder : set.folders()) {
            folder.objects().stream().filter(o -> o instanceof Namespaced).forEach(o -> kinds.add(o.getClass()));
            if (!folder.configMaps().isEmpty()) {
                kinds.add(ConfigMap.class);
            }
        }
        kinds.addAll(List.of(Secret.class, Ingress.class, PersistentVolumeClaim.class));
        return kinds;
    }

    /** Equivalent to {@code kubectl get KINDS -n NS -l app.kubernetes.io/part-of=obs} plus obs's cluster-wide RBAC. */
    static List<HasMetadata> list(KubernetesClient client, String namespace, Set<Class<? extends HasMetadata>> kinds, boolean keepData) {
        List<HasMetadata> workloads = new ArrayList<>();
        List<HasMetadata> others = new ArrayList<>();
        List<HasMetadata> claims = new ArrayList<>();
        for (Class<? extends HasMetadata> kind : kinds) {
            if (keepData && kind == PersistentVolumeClaim.class) {
                continue;
            }
            for (HasMetadata o : client.resources(kind).inNamespace(namespace).withLabelSelector(StackAccess.PART_OF).list().getItems()) {
                (Workloads.isWorkload(o) ? workloads : o instanceof PersistentVolumeClaim ? claims : others).add(o);
            }
        }
        List<ClusterRoleBinding> ours = new ArrayList<>();
        Set<String> boundElsewhere = new LinkedHashSet<>();
        for (ClusterRoleBinding b : client.rbac().clusterRoleBindings().withLabelSelector(StackAccess.PART_OF).list().getItems()) {
            if (!b.getSubjects().isEmpty() && b.getSubjects().stream().allMatch(s -> namespace.equals(s.getNamespace()))) {
                ours.add(b);
            } else {
                boundElsewhere.add(b.getRoleRef().getName());
            }
        }
        Set<String> boundHere = ours.stream().map(b -> b.getRoleRef().getName()).collect(Collectors.toSet());
        List<HasMetadata> clusterWide = new ArrayList<>(ours);
        client.rbac().clusterRoles().withLabelSelector(StackAccess.PART_OF).list().getItems().stream()
                .filter(r -> boundHere.contains(r.getMetadata().getName()) && !boundElsewhere.contains(r.getMetadata().getName()))
                .forEach(clusterWide::add);
        List<HasMetadata> out = new ArrayList<>(workloads);
        out.addAll(others);
        out.addAll(claims);
        out.addAll(clusterWide);
        return out;
    }

    /** Deletes the objects group by group (workloads first, so their pods stop before their config goes). */
    static List<String> delete(KubernetesClient client, List<HasMetadata> targets) {
        List<String> failures = new ArrayList<>();
        Map<Integer, List<HasMetadata>> groups = targets.stream().collect(Collectors.groupingBy(
                o -> Workloads.isWorkload(o) ? 0 : o instanceof PersistentVolumeClaim ? 2 : o instanceof Namespaced ? 1 : 3,
                TreeMap::new, Collectors.toList()));
        for (List<HasMetadata> group : groups.values()) {
            FanOut.map(group, o -> deleteOne(client, o)).stream().filter(Objects::nonNull).forEach(failures::add);
        }
        return failures;
    }

    /** Equivalent to {@code kubectl delete KIND NAME --ignore-not-found}; returns the failure, or null. */
    private static String deleteOne(KubernetesClient client, HasMetadata o) {
        try {
            client.resource(o).delete();
            return null;
        } catch (KubernetesClientException e) {
            return e.getCode() == 404 ? null : ServerSideApply.failure(e, "delete", o).getMessage();
        }
    }
}
