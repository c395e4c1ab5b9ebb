package obs.env;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import obs.stack.Component.WorkloadKind;
import obs.stack.Stack;
import obs.values.Sizes;
import obs.values.Values;

/**
 * Whether a size fits the nodes that will run the stack. Deployments and StatefulSets land on the nodes that
 * match the profile's node selector and whose taints the profile tolerates; DaemonSets add their requests on
 * each of those nodes.
 */
final class Capacity {
    /** A size is recommended when its requests take at most this share of what the nodes can allocate. */
    static final double COMFORTABLE = 0.5;

    /** CPU in cores and memory in bytes. */
    record Amount(BigDecimal cpu, BigDecimal memory) {
        static final Amount ZERO = new Amount(BigDecimal.ZERO, BigDecimal.ZERO);

        Amount plus(Amount o) {
            return new Amount(cpu.add(o.cpu), memory.add(o.memory));
        }

        Amount times(int n) {
            return new Amount(cpu.multiply(BigDecimal.valueOf(n)), memory.multiply(BigDecimal.valueOf(n)));
        }

        boolean within(Amount limit, double share) {
            BigDecimal s = BigDecimal.valueOf(share);
            return cpu.compareTo(limit.cpu.multiply(s)) <= 0 && memory.compareTo(limit.memory.multiply(s)) <= 0;
        }

        String describe() {
            return cpu.setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + " CPU, "
                    + memory.divide(BigDecimal.valueOf(1L << 30), 1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "Gi";
        }
    }

    private Capacity() {
    }

    /** The schedulable nodes that match the node selector and whose NoSchedule/NoExecute taints are tolerated. */
    static List<Node> hosting(List<Node> nodes, Map<String, String> nodeSelector, List<Toleration> tolerations) {
        return nodes.stream().filter(n -> !Boolean.TRUE.equals(n.getSpec().getUnschedulable()))
                .filter(n -> ClusterFacts.labels(n).entrySet().containsAll(nodeSelector.entrySet()))
                .filter(n -> n.getSpec().getTaints().stream().filter(t -> !"PreferNoSchedule".equals(t.getEffect()))
                        .allMatch(t -> tolerations.stream().anyMatch(tol -> tolerates(tol, t))))
                .toList();
    }

    static boolean tolerates(Toleration tol, Taint taint) {
        if (tol.getEffect() != null && !tol.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if ("Exists".equals(tol.getOperator())) {
            return tol.getKey() == null || tol.getKey().isEmpty() || tol.getKey().equals(taint.getKey());
        }
        return Objects.equals(tol.getKey(), taint.getKey()) && Objects.equals(tol.getValue(), taint.getValue());
    }

    static Amount allocatable(List<Node> nodes) {
        return nodes.stream().map(Capacity::allocatable).reduce(Amount.ZERO, Amount::plus);
    }

    static Amount allocatable(Node n) {
        Map<String, Quantity> a = n.getStatus() == null ? Map.of() : n.getStatus().getAllocatable();
        return new Amount(amount(a.get("cpu")), amount(a.get("memory")));
    }

    /** What the components request in a size on {@code hostingNodes} nodes. */
    static Amount requests(Sizes sizes, Values v, String size, List<String> components, int hostingNodes) {
        Amount total = Amount.ZERO;
        for (String c : components) {
            Amount one = request(sizes, v, size, c);
            total = total.plus(Stack.get(c).workload() == WorkloadKind.DaemonSet ? one.times(hostingNodes) : one);
        }
        return total;
    }

    static Amount request(Sizes sizes, Values v, String size, String component) {
        Sizes.Sizing s = sizes.sizing(size, component, v.resources().getOrDefault(component, Map.of()));
        return new Amount(amount(new Quantity(s.cpuRequest())), amount(new Quantity(s.memoryRequest())));
    }

    private static BigDecimal amount(Quantity q) {
        return q == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(q);
    }
}
