package obs.install;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import obs.kube.Workloads;
import obs.manifests.Rendered;
import obs.stack.Stack;

/**
 * What an install will do to each rendered object, grouped in phases applied in order: the namespace; then
 * RBAC, ServiceAccounts, ConfigMaps, Secrets, Services and NetworkPolicies; then the workloads tier by tier in
 * the registry's order. Objects within a phase do not depend on each other and are applied in parallel.
 * {@code removals} are live objects obs installed before and no longer renders, deleted after the phases.
 */
public record Plan(List<Step> steps, List<HasMetadata> removals) {
    /** What happens to one object. */
    public enum Action { create, update, unchanged, skip }

    /**
     * One object.
     *
     * @param item    the rendered object and its folder
     * @param apply   the object to send (the rendered one, adjusted to what the cluster cannot change)
     * @param action  what the apply will do
     * @param changes the fields that differ from the live object
     * @param note    why an object is skipped or adjusted, or null
     */
    public record Step(Rendered.Item item, HasMetadata apply, Action action, List<ObjectDiff.Change> changes, String note) {
        String describe() {
            HasMetadata o = item.object();
            return o.getKind() + " " + o.getMetadata().getName();
        }
    }

    /** The phases in order, each with its name: "namespace", "config", then one per workload tier. */
    public Map<String, List<Step>> phases() {
        Map<Integer, List<Step>> byOrder = new TreeMap<>();
        Map<Integer, String> names = new TreeMap<>();
        for (Step s : steps) {
            HasMetadata o = s.item().object();
            int order;
            String name;
            if (o instanceof Namespace) {
                order = 0;
                name = "namespace";
            } else if (Workloads.isWorkload(o) && Stack.find(s.item().folder()).isPresent()) {
                var tier = Stack.get(s.item().folder()).tier();
                order = 2 + tier.ordinal();
                name = tier.name() + " workloads";
            } else {
                order = 1;
                name = "config";
            }
            byOrder.computeIfAbsent(order, k -> new ArrayList<>()).add(s);
            names.put(order, name);
        }
        Map<String, List<Step>> out = new LinkedHashMap<>();
        byOrder.forEach((order, list) -> out.put(names.get(order), List.copyOf(list)));
        return out;
    }

    public long count(Action action) {
        return steps.stream().filter(s -> s.action() == action).count();
    }

    /** Whether applying would change anything. */
    public boolean changes() {
        return !removals.isEmpty() || steps.stream().anyMatch(s -> s.action() == Action.create || s.action() == Action.update);
    }
}
