package obs.install;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import obs.cli.Console;
import obs.core.Exit;
import obs.core.ObsException;
import obs.kube.Kube;
import obs.kube.ServerSideApply;
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
        Set<Class<? extends HasMetadata>> kinds = Inventory.namespacedKinds(ManifestSet.load(manifests));
        try (KubernetesClient client = connect.get()) {
            List<HasMetadata> targets;
            try {
                targets = Inventory.list(client, namespace, kinds, keepData);
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
            List<String> failures = Inventory.delete(client, targets);
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
