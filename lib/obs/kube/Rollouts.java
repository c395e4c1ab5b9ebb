package obs.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Objects;

/**
 * Whether a workload has rolled out: the controller has seen its latest spec and every wanted replica runs the
 * new template and is Ready. Equivalent to the condition {@code kubectl rollout status} waits for.
 */
public final class Rollouts {
    /** A workload's state: ready or not, and a short summary such as "1/2 ready". */
    public record State(boolean ready, String summary) {
    }

    private Rollouts() {
    }

    public static State state(HasMetadata live) {
        if (live == null) {
            return new State(false, "not found");
        }
        Long generation = live.getMetadata().getGeneration();
        return switch (live) {
            case Deployment d when d.getStatus() != null -> judge(generation, d.getStatus().getObservedGeneration(),
                    count(d.getSpec().getReplicas(), 1), count(d.getStatus().getUpdatedReplicas(), 0),
                    Math.min(count(d.getStatus().getReadyReplicas(), 0), count(d.getStatus().getAvailableReplicas(), 0)));
            case StatefulSet s when s.getStatus() != null -> judge(generation, s.getStatus().getObservedGeneration(),
                    count(s.getSpec().getReplicas(), 1),
                    s.getStatus().getUpdateRevision() == null || Objects.equals(s.getStatus().getUpdateRevision(), s.getStatus().getCurrentRevision())
                            ? count(s.getSpec().getReplicas(), 1) : count(s.getStatus().getUpdatedReplicas(), 0),
                    count(s.getStatus().getReadyReplicas(), 0));
            case DaemonSet d when d.getStatus() != null -> count(d.getStatus().getDesiredNumberScheduled(), 0) == 0
                    ? new State(false, "scheduled on no node")
                    : judge(generation, d.getStatus().getObservedGeneration(), d.getStatus().getDesiredNumberScheduled(),
                    count(d.getStatus().getUpdatedNumberScheduled(), 0), count(d.getStatus().getNumberReady(), 0));
            default -> new State(false, "no status yet");
        };
    }

    private static State judge(Long generation, Long observed, int wanted, int updated, int ready) {
        if (generation != null && (observed == null || observed < generation)) {
            return new State(false, "0/" + wanted + " ready: the controller has not seen the new spec yet");
        }
        if (updated < wanted) {
            return new State(false, Math.min(ready, updated) + "/" + wanted + " ready: " + updated + "/" + wanted + " updated");
        }
        return new State(ready >= wanted, ready + "/" + wanted + " ready");
    }

    private static int count(Integer n, int fallback) {
        return n == null ? fallback : n;
    }
}
