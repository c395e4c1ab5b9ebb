package obs.checks;

import io.fabric8.kubernetes.client.KubernetesClient;
import obs.access.Endpoints;
import obs.stack.Component;

/**
 * What a check runs against.
 *
 * @param component the component under check
 * @param namespace the stack's namespace
 * @param kube      the cluster client, or null in the sandbox (Kubernetes checks are then skipped)
 * @param endpoints how to reach HTTP ports
 */
public record Target(Component component, String namespace, KubernetesClient kube, Endpoints endpoints) {
    /** The label selector that finds this component's objects. */
    public String defaultSelector() {
        return "app.kubernetes.io/name=" + component.name();
    }
}
