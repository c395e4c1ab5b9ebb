package obs.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Optional;

/** The three workload kinds obs deploys, seen through what they have in common: a pod template and a selector. */
public final class Workloads {
    private record Parts(PodTemplateSpec template, LabelSelector selector) {
    }

    private Workloads() {
    }

    public static boolean isWorkload(HasMetadata o) {
        return o instanceof Deployment || o instanceof StatefulSet || o instanceof DaemonSet;
    }

    /** The pod template of a workload, empty for any other object. */
    public static Optional<PodTemplateSpec> template(HasMetadata o) {
        return parts(o).map(Parts::template);
    }

    /** The label selector of a workload's pods. */
    public static Optional<LabelSelector> selector(HasMetadata o) {
        return parts(o).map(Parts::selector);
    }

    private static Optional<Parts> parts(HasMetadata o) {
        return Optional.ofNullable(switch (o) {
            case Deployment d when d.getSpec() != null -> new Parts(d.getSpec().getTemplate(), d.getSpec().getSelector());
            case StatefulSet s when s.getSpec() != null -> new Parts(s.getSpec().getTemplate(), s.getSpec().getSelector());
            case DaemonSet d when d.getSpec() != null -> new Parts(d.getSpec().getTemplate(), d.getSpec().getSelector());
            default -> null;
        });
    }
}
