package obs.env;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The distribution comes from the version string first, then node metadata; OpenShift from its API groups. */
class DistributionTest {
    static Node node(String providerId, Map<String, String> labels, Map<String, String> annotations) {
        return new NodeBuilder().withNewMetadata().withName("n1").withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec().withProviderID(providerId).endSpec().build();
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "v1.31.4+k3s1          | -                                     | -                                   | -                   | K3S       | version v1.31.4+k3s1",
            "v1.30.5+rke2r1        | -                                     | -                                   | -                   | RKE2      | version v1.30.5+rke2r1",
            "v1.30.4-eks-a737599   | -                                     | -                                   | -                   | EKS       | version v1.30.4-eks-a737599",
            "v1.30.5-gke.1014001   | -                                     | -                                   | -                   | GKE       | version v1.30.5-gke.1014001",
            "v1.30.4               | aws:///eu-west-1a/i-0abc              | -                                   | -                   | EKS       | node n1 provider aws:///eu-west-1a/i-0abc",
            "v1.30.4               | azure:///subscriptions/x/vm/aks-1     | -                                   | -                   | AKS       | node n1 provider azure:///subscriptions/x/vm/aks-1",
            "v1.30.4               | -                                     | kubernetes.azure.com/cluster=MC_rg  | -                   | AKS       | node n1 kubernetes.azure.com/cluster",
            "v1.30.4               | -                                     | -                                   | rke2.io/hostname=n1 | RKE2      | node n1 rke2.io/hostname",
            "v1.30.4               | k3s://n1                              | -                                   | -                   | K3S       | node n1 provider k3s://n1",
            "v1.30.4               | -                                     | -                                   | -                   | PLAIN     | no distribution markers",
    })
    void detects(String version, String providerId, String label, String annotation, Distribution want, String evidence) {
        Node n = node(providerId, pair(label), pair(annotation));
        Distribution.Detected d = Distribution.detect(version, List.of(n), Set.of("apps", "batch"));
        assertEquals(want, d.distribution());
        assertEquals(evidence, d.evidence());
    }

    @Test
    void openShiftIsKnownByItsApiGroupsThoughItsVersionLooksPlain() {
        Distribution.Detected d = Distribution.detect("v1.30.6", List.of(node("aws:///x", Map.of(), Map.of())),
                Set.of("apps", "config.openshift.io", "route.openshift.io"));
        assertEquals(new Distribution.Detected(Distribution.OPENSHIFT, "API group config.openshift.io"), d);
    }

    private static Map<String, String> pair(String kv) {
        return kv == null ? Map.of() : Map.of(kv.split("=")[0], kv.split("=")[1]);
    }
}
