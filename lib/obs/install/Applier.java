package obs.install;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Objects;
import obs.core.FanOut;
import obs.core.ObsException;
import obs.kube.ServerSideApply;

/** Server-side applies the objects of one phase: all at once on virtual threads, or one after another. */
public final class Applier {
    /** An object the server did not accept, with the one-line reason. */
    public record Failure(Plan.Step step, ObsException error) {
    }

    private Applier() {
    }

    /** Applies the steps that create or update; returns the failures (empty when all were applied). */
    public static List<Failure> apply(KubernetesClient client, List<Plan.Step> steps, boolean parallel) {
        List<Plan.Step> work = steps.stream()
                .filter(s -> s.action() == Plan.Action.create || s.action() == Plan.Action.update).toList();
        List<Failure> results = parallel ? FanOut.map(work, s -> applyOne(client, s)) : work.stream().map(s -> applyOne(client, s)).toList();
        return results.stream().filter(Objects::nonNull).toList();
    }

    /** The failure, or null when the server accepted the object. */
    private static Failure applyOne(KubernetesClient client, Plan.Step step) {
        try {
            ServerSideApply.apply(client, step.apply());
            return null;
        } catch (KubernetesClientException e) {
            return new Failure(step, ServerSideApply.failure(e, "patch (server-side apply)", step.apply()));
        }
    }
}
