package obs.install;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import obs.core.FanOut;
import obs.kube.Kube;
import obs.kube.ServerSideApply;
import obs.manifests.Checksums;
import obs.manifests.Rendered;

/** Compares the rendered objects with the live ones and decides, object by object, what an apply will do. */
public final class Planner {
    private Planner() {
    }

    /**
     * Where an install looks for objects to remove.
     *
     * @param namespace the installation's namespace
     * @param folders   the manifests folders whose objects may be removed: every folder for a full install, only
     *                  the selected ones with --only or --skip (a skipped component is left alone, not removed)
     * @param kinds     the namespaced kinds obs creates
     * @param keep      names of Secrets the installer makes itself (never rendered, never removed)
     */
    public record Scope(String namespace, Set<String> folders, Set<Class<? extends HasMetadata>> kinds, Set<String> keep) {
    }

    /** Reads every rendered object from the cluster (in parallel) and plans. Equivalent to {@code kubectl diff --server-side}. */
    public static Plan plan(KubernetesClient client, Rendered rendered) {
        return plan(client, rendered, null);
    }

    /** As {@link #plan(KubernetesClient, Rendered)}, plus the removals within {@code scope} (none when null). */
    public static Plan plan(KubernetesClient client, Rendered rendered, Scope scope) {
        List<Rendered.Item> items = rendered.items();
        List<HasMetadata> live = FanOut.map(items, i -> read(client, i.object()));
        List<Plan.Step> steps = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            steps.add(step(items.get(i), live.get(i)));
        }
        return new Plan(List.copyOf(steps), scope == null ? List.of() : removals(client, rendered, scope));
    }

    /**
     * Live objects of obs in the scope's folders that the render no longer has: a component switched off, a
     * Grafana Ingress after exposure changed. Volume claims (data) and the installer's own Secrets are never
     * among them. Equivalent to kubectl apply --prune with obs's labels.
     */
    static List<HasMetadata> removals(KubernetesClient client, Rendered rendered, Scope scope) {
        Set<String> wanted = new HashSet<>();
        rendered.items().forEach(i -> wanted.add(key(i.object(), scope.namespace())));
        List<HasMetadata> live;
        try {
            live = Inventory.list(client, scope.namespace(), scope.kinds(), true);
        } catch (KubernetesClientException e) {
            throw Kube.explain(e, client);
        }
        return live.stream()
                .filter(o -> scope.folders().contains(label(o, "app.kubernetes.io/name")))
                .filter(o -> !wanted.contains(key(o, scope.namespace())))
                .filter(o -> !(o instanceof Secret && scope.keep().contains(o.getMetadata().getName())))
                .toList();
    }

    private static String key(HasMetadata o, String namespace) {
        return o.getClass().getSimpleName() + "/" + (o instanceof Namespaced ? namespace : "") + "/" + o.getMetadata().getName();
    }

    static Plan.Step step(Rendered.Item item, HasMetadata live) {
        HasMetadata rendered = item.object();
        if (live == null) {
            return new Plan.Step(item, rendered, Plan.Action.create, List.of(), null);
        }
        if (rendered instanceof Namespace && !"obs".equals(label(live, "app.kubernetes.io/part-of"))) {
            return new Plan.Step(item, rendered, Plan.Action.skip, List.of(),
                    "exists and was not created by obs: its labels are left as they are");
        }
        HasMetadata apply = rendered;
        String note = null;
        if (rendered instanceof StatefulSet want && live instanceof StatefulSet have) {
            apply = Serialization.clone(want);
            ((StatefulSet) apply).getSpec().setVolumeClaimTemplates(have.getSpec().getVolumeClaimTemplates());
            if (!claimsMatch(want.getSpec().getVolumeClaimTemplates(), have.getSpec().getVolumeClaimTemplates())) {
                note = "volume claim templates cannot change on a StatefulSet: the live ones are kept (resize the PVCs by hand)";
            }
        }
        List<ObjectDiff.Change> changes = ObjectDiff.between(apply, live);
        boolean sameRender = Objects.equals(annotation(live, Checksums.RENDERED), annotation(rendered, Checksums.RENDERED));
        if (changes.isEmpty() && sameRender) {
            return new Plan.Step(item, apply, Plan.Action.unchanged, changes, note);
        }
        if (changes.isEmpty()) {
            note = "fields obs set before and no longer renders are removed";
        }
        return new Plan.Step(item, apply, Plan.Action.update, changes, note);
    }

    private static boolean claimsMatch(List<PersistentVolumeClaim> want, List<PersistentVolumeClaim> have) {
        if (want.size() != have.size()) {
            return false;
        }
        for (int i = 0; i < want.size(); i++) {
            if (!ObjectDiff.between(want.get(i), have.get(i)).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static HasMetadata read(KubernetesClient client, HasMetadata o) {
        try {
            return client.resource(o).get();
        } catch (KubernetesClientException e) {
            throw ServerSideApply.failure(e, "get", o);
        }
    }

    private static String label(HasMetadata o, String key) {
        Map<String, String> labels = o.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    private static String annotation(HasMetadata o, String key) {
        Map<String, String> annotations = o.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }
}
