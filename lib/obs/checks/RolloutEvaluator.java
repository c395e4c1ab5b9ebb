package obs.checks;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Objects;

/** Equivalent to {@code kubectl rollout status KIND/NAME} without waiting: fully rolled out and every replica Ready. */
final class RolloutEvaluator implements Evaluator {
    @Override
    public Outcome evaluate(Check check, Target t) {
        String name = check.rollout().name() != null ? check.rollout().name() : t.component().name();
        String kind = check.rollout().kind().name();
        var apps = t.kube().apps();
        HasMetadata found = switch (check.rollout().kind()) {
            case Deployment -> apps.deployments().inNamespace(t.namespace()).withName(name).get();
            case StatefulSet -> apps.statefulSets().inNamespace(t.namespace()).withName(name).get();
            case DaemonSet -> apps.daemonSets().inNamespace(t.namespace()).withName(name).get();
        };
        if (found == null) {
            return Outcome.fail(kind + " " + name + " not found in namespace " + t.namespace());
        }
        String problem = switch (found) {
            case Deployment d -> deployment(d);
            case StatefulSet s -> statefulSet(s);
            case DaemonSet ds -> daemonSet(ds);
            default -> throw new IllegalStateException(found.getKind());
        };
        return problem == null ? Outcome.ok(kind + " " + name + " rolled out") : Outcome.fail(kind + " " + name + ": " + problem);
    }

    private static String deployment(Deployment d) {
        var s = d.getStatus();
        int want = n(d.getSpec().getReplicas(), 1);
        if (s == null) {
            return "no status yet";
        }
        String gen = generation(d, s.getObservedGeneration());
        if (gen != null) {
            return gen;
        }
        return replicas(want, n(s.getUpdatedReplicas(), 0), n(s.getReadyReplicas(), 0), n(s.getAvailableReplicas(), 0));
    }

    private static String statefulSet(StatefulSet st) {
        var s = st.getStatus();
        int want = n(st.getSpec().getReplicas(), 1);
        if (s == null) {
            return "no status yet";
        }
        String gen = generation(st, s.getObservedGeneration());
        if (gen != null) {
            return gen;
        }
        if (s.getUpdateRevision() != null && !Objects.equals(s.getCurrentRevision(), s.getUpdateRevision())
                && n(s.getUpdatedReplicas(), 0) < want) {
            return "rolling out revision " + s.getUpdateRevision() + ": " + n(s.getUpdatedReplicas(), 0) + "/" + want + " updated";
        }
        return replicas(want, want, n(s.getReadyReplicas(), 0), n(s.getAvailableReplicas(), n(s.getReadyReplicas(), 0)));
    }

    private static String daemonSet(DaemonSet ds) {
        var s = ds.getStatus();
        if (s == null) {
            return "no status yet";
        }
        String gen = generation(ds, s.getObservedGeneration());
        if (gen != null) {
            return gen;
        }
        int want = n(s.getDesiredNumberScheduled(), 0);
        if (want == 0) {
            return "scheduled on no node (check node selector and taints)";
        }
        return replicas(want, n(s.getUpdatedNumberScheduled(), 0), n(s.getNumberReady(), 0), n(s.getNumberAvailable(), 0));
    }

    private static String generation(HasMetadata o, Long observed) {
        Long gen = o.getMetadata().getGeneration();
        if (gen != null && (observed == null || observed < gen)) {
            return "controller has not seen generation " + gen + " yet";
        }
        return null;
    }

    private static String replicas(int want, int updated, int ready, int available) {
        if (updated < want) {
            return "rolling out: " + updated + "/" + want + " updated, " + ready + "/" + want + " ready";
        }
        if (ready < want || available < want) {
            return ready + "/" + want + " ready, " + available + "/" + want + " available";
        }
        return null;
    }

    private static int n(Integer v, int dflt) {
        return v == null ? dflt : v;
    }
}
