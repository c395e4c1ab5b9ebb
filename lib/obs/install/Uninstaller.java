package obs.install;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import obs.cli.Console;
import obs.cli.Exit;
import obs.cli.ObsException;
import obs.kube.Kube;
import obs.kube.ServerSideApply;
import obs.kube.StackAccess;
import obs.kube.Workloads;
import obs.manifests.ManifestFolder;
import obs.manifests.ManifestSet;

/**
 * The uninstall job: deletes exactly what obs installed. In the namespace, objects labelled
 * app.kubernetes.io/part-of=obs of the kinds obs creates; cluster-wide, obs's ClusterRoleBindings whose
 * subjects all live in that namespace and the ClusterRoles no other obs installation still binds. The
 * namespace itself stays (it may hold other things), and with --keep-data so do the volume claims.
 */
public final class Uninstaller {
    private Uninstaller() {
    }

    public static int run(String namespace, boolean keepData, boolean yes, Confirmation confirmation, Path manifests, Console console,
                          Supplier<KubernetesClient> connect) {
        Set<Class<? extends HasMetadata>> kinds = namespacedKinds(ManifestSet.load(manifests));
        try (KubernetesClient client = connect.get()) {
            List<HasMetadata> targets;
            try {
                targets = targets(client, namespace, kinds, keepData);
            } catch (KubernetesClientException e) {
                throw Kube.explain(e, client);
            }
            if (targets.isEmpty()) {
                console.info("nothing of obs in namespace " + namespace);
                return Exit.OK.code;
            }
            Map<String, Long> byKind = targets.stream().collect(Collectors.groupingBy(HasMetadata::getKind, LinkedHashMap::new, Collectors.counting()));
            console.info("to delete: " + byKind.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))
                    + (keepData ? " (volume claims kept)" : ""));
            targets.forEach(o -> console.debug("  " + ServerSideApply.describe(o)));
            if (!yes) {
                if (!confirmation.interactive()) {
                    throw ObsException.usage("refusing to delete " + targets.size() + " objects without confirmation: stdin is not a"
                            + " terminal; pass --yes");
                }
                if (!confirmation.ask("Delete these " + targets.size() + " objects of obs in namespace " + namespace + "?")) {
                    console.info("nothing deleted");
                    return Exit.PROBLEM.code;
                }
            }
            List<String> failures = delete(client, targets);
            report(console, targets, failures);
            if (createdByObs(client, namespace)) {
                console.info("namespace " + namespace + " was created by obs and is left in place (it may hold other things): "
                        + "kubectl delete namespace " + namespace);
            }
            if (!failures.isEmpty()) {
                failures.forEach(console::warn);
                throw ObsException.problem(failures.size() + " object(s) were not deleted (listed above)");
            }
            return Exit.OK.code;
        }
    }

    /** Whether obs created the namespace; only for the closing hint, so a failed read just leaves the hint out. */
    private static boolean createdByObs(KubernetesClient client, String namespace) {
        try {
            Namespace ns = client.namespaces().withName(namespace).get();
            return ns != null && ns.getMetadata().getLabels() != null
                    && "obs".equals(ns.getMetadata().getLabels().get("app.kubernetes.io/part-of"));
        } catch (KubernetesClientException e) {
            return false;
        }
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
    static List<HasMetadata> targets(KubernetesClient client, String namespace, Set<Class<? extends HasMetadata>> kinds, boolean keepData) {
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
            Parallel.map(group, o -> deleteOne(client, o)).stream().filter(Objects::nonNull).forEach(failures::add);
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

    private static void report(Console console, List<HasMetadata> targets, List<String> failures) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (HasMetadata o : targets) {
            boolean failed = failures.stream().anyMatch(f -> f.startsWith("delete " + ServerSideApply.describe(o) + ":"));
            Map<String, String> row = new LinkedHashMap<>();
            row.put("kind", o.getKind());
            row.put("name", o.getMetadata().getName());
            row.put("namespace", o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace());
            row.put("result", failed ? "fail" : "deleted");
            rows.add(row);
        }
        if (console.json()) {
            console.json(rows);
        } else {
            console.table(List.of("KIND", "NAME", "NAMESPACE", "RESULT"), rows.stream().map(r -> List.of(r.get("kind"), r.get("name"),
                    r.get("namespace"), r.get("result"))).toList());
        }
    }
}
