package obs.checks;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.List;

/** Equivalent to {@code kubectl get pvc -l SELECTOR}: every claim Bound. */
final class PvcEvaluator implements Evaluator {
    @Override
    public Outcome evaluate(Check check, Target t) {
        String selector = check.pvc().selector() != null ? check.pvc().selector() : t.defaultSelector();
        List<PersistentVolumeClaim> claims = t.kube().persistentVolumeClaims().inNamespace(t.namespace())
                .withLabelSelector(selector).list().getItems();
        if (claims.isEmpty()) {
            return Outcome.fail("no PersistentVolumeClaim matches " + selector);
        }
        List<String> unbound = claims.stream()
                .filter(c -> c.getStatus() == null || !"Bound".equals(c.getStatus().getPhase()))
                .map(c -> c.getMetadata().getName() + " is " + (c.getStatus() == null || c.getStatus().getPhase() == null
                        ? "without status" : c.getStatus().getPhase()))
                .toList();
        return unbound.isEmpty() ? Outcome.ok(claims.size() + " claim(s) Bound")
                : Outcome.fail(String.join("; ", unbound) + " (check the storage class and provisioner events)");
    }
}
