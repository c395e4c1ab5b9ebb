package obs.env;

import io.fabric8.kubernetes.api.model.Node;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which Kubernetes distribution a cluster runs, told from its version string, node metadata and API groups. */
public enum Distribution {
    K3S("k3s"), RKE2("RKE2"), EKS("EKS"), GKE("GKE"), AKS("AKS"), OPENSHIFT("OpenShift"), PLAIN("plain Kubernetes");

    public final String title;

    Distribution(String title) {
        this.title = title;
    }

    /** A distribution and what gave it away. */
    public record Detected(Distribution distribution, String evidence) {
    }

    /**
     * OpenShift first (its API groups are unmistakable and its version string looks plain), then the markers
     * distributions put into the server's version string, then node provider IDs, labels and annotations.
     */
    public static Detected detect(String gitVersion, List<Node> nodes, Set<String> apiGroups) {
        for (String group : List.of("config.openshift.io", "route.openshift.io")) {
            if (apiGroups.contains(group)) {
                return new Detected(OPENSHIFT, "API group " + group);
            }
        }
        String v = gitVersion == null ? "" : gitVersion;
        for (var marker : List.of(Map.entry("+k3s", K3S), Map.entry("+rke2", RKE2), Map.entry("-eks-", EKS), Map.entry("-gke.", GKE))) {
            if (v.contains(marker.getKey())) {
                return new Detected(marker.getValue(), "version " + v);
            }
        }
        for (Node node : nodes) {
            String provider = node.getSpec() == null || node.getSpec().getProviderID() == null ? "" : node.getSpec().getProviderID();
            for (var prefix : List.of(Map.entry("k3s://", K3S), Map.entry("rke2://", RKE2), Map.entry("aws://", EKS),
                    Map.entry("gce://", GKE), Map.entry("azure://", AKS))) {
                if (provider.startsWith(prefix.getKey())) {
                    return new Detected(prefix.getValue(), "node " + node.getMetadata().getName() + " provider " + provider);
                }
            }
            Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
            Map<String, String> annotations = node.getMetadata().getAnnotations() == null ? Map.of() : node.getMetadata().getAnnotations();
            for (var key : List.of(Map.entry("eks.amazonaws.com/nodegroup", EKS), Map.entry("cloud.google.com/gke-nodepool", GKE),
                    Map.entry("kubernetes.azure.com/cluster", AKS), Map.entry("rke2.io/hostname", RKE2), Map.entry("k3s.io/hostname", K3S))) {
                if (labels.containsKey(key.getKey()) || annotations.containsKey(key.getKey())) {
                    return new Detected(key.getValue(), "node " + node.getMetadata().getName() + " " + key.getKey());
                }
            }
        }
        return new Detected(PLAIN, "no distribution markers");
    }
}
