package obs.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import obs.core.ObsException;

/** Server-side apply as obs does it, and API failures as the one line an operator needs to act. */
public final class ServerSideApply {
    /** The field manager of every object obs applies. */
    public static final String FIELD_MANAGER = "obs";

    private ServerSideApply() {
    }

    /**
     * Equivalent to {@code kubectl apply --server-side --field-manager=obs --force-conflicts -f OBJECT}: obs takes
     * ownership of the fields it renders, even from another manager that set them by hand.
     */
    public static HasMetadata apply(KubernetesClient client, HasMetadata o) {
        return client.resource(o).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }

    /** The resource an object is, the way RBAC rules name it: {@code statefulsets.apps}, {@code configmaps}. */
    public static String resource(HasMetadata o) {
        String group = HasMetadata.getGroup(o.getClass());
        String plural = HasMetadata.getPlural(o.getClass());
        return group == null || group.isEmpty() ? plural : plural + "." + group;
    }

    /** Where an object is, for messages: {@code StatefulSet prometheus in namespace ao}. */
    public static String describe(HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        return o.getKind() + " " + o.getMetadata().getName() + (ns == null ? " (cluster-scoped)" : " in namespace " + ns);
    }

    /**
     * A failed request on one object: which verb on which resource, what the server said, and for a denial the
     * permission that is missing. Unreachable servers keep exit code 3.
     */
    public static ObsException failure(KubernetesClientException e, String verb, HasMetadata o) {
        String what = verb + " " + describe(o);
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return ObsException.unreachable(what + ": cannot reach the Kubernetes API: " + t.getMessage(), e);
            }
        }
        String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : firstLine(e.getMessage());
        String base = what + ": " + switch (e.getCode()) {
            case 401, 403 -> "denied (HTTP " + e.getCode() + "): " + reason + "; the account needs '" + verb.split(" ")[0] + "' on "
                    + resource(o) + (o.getMetadata().getNamespace() == null ? " (cluster-wide)" : " in namespace " + o.getMetadata().getNamespace());
            case 409 -> "conflict (HTTP 409): " + reason;
            case 422 -> "rejected as invalid (HTTP 422): " + reason;
            case 0 -> "no answer from the Kubernetes API: " + reason;
            default -> "HTTP " + e.getCode() + ": " + reason;
        };
        return e.getCode() == 0 ? ObsException.unreachable(base, e) : ObsException.problem(base);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
