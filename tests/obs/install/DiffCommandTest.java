package obs.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import obs.core.Json;
import obs.install.MockCluster.Run;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** --diff compares the rendered objects with the live ones field by field and writes nothing. */
class DiffCommandTest extends WithOneNodeCluster {
    @Test
    void anEmptyClusterGetsEverythingCreated() {
        int writes = cluster.api.writes();
        Run r = cluster.run("Install", "--diff");
        assertEquals(1, r.exit(), "differences exit 1, like kubectl diff\n" + r.err());
        assertTrue(r.out().startsWith("+ create Namespace " + NS + "\n+ create ConfigMap prometheus-config (" + NS + ")\n"), r.out());
        assertTrue(r.out().endsWith(" to create, 0 to update, 0 unchanged\n"), r.out());
        assertEquals(writes, cluster.api.writes(), "a diff never writes");
    }

    @Test
    void afterAnInstallOnlyChangedFieldsShow() {
        assertEquals(0, cluster.run("Install", "--timeout", "30s").exit());
        int writes = cluster.api.writes();
        Run same = cluster.run("Install", "--diff");
        assertEquals(0, same.exit(), same.err());
        assertTrue(same.out().matches("0 to create, 0 to update, \\d+ unchanged\n"), same.out());

        Run changed = cluster.run("Install", "--diff", "--set", "retention.metrics=15d", "--set", "clusterName=lab-2");
        assertEquals(1, changed.exit(), changed.err());
        assertTrue(changed.out().contains("~ update ConfigMap prometheus-config (" + NS + ")\n"
                + "    data.prometheus.yml: global.external_labels.cluster: kube-observability-stack -> lab-2\n"), changed.out());
        assertTrue(changed.out().contains("~ update StatefulSet prometheus (" + NS + ")\n"), changed.out());
        assertTrue(changed.out().contains("    spec.template.spec.containers[prometheus].args[2]: --storage.tsdb.retention.time=30d"
                + " -> --storage.tsdb.retention.time=15d\n"), changed.out());
        assertTrue(changed.out().contains("    spec.template.metadata.annotations.obs/config-checksum: "), "the config change rolls Prometheus");
        assertTrue(changed.out().contains("~ update ConfigMap " + InstallRecord.CONFIG_MAP + " (" + NS + ")\n"), "the record follows the values");
        assertTrue(changed.out().endsWith("0 to create, 4 to update, " + (countObjects(same) - 4) + " unchanged\n"), changed.out());
        assertEquals(writes, cluster.api.writes());
    }

    @Test
    void driftByHandIsShownAndRepairedByTheNextInstall() {
        assertEquals(0, cluster.run("Install", "--timeout", "30s").exit());
        Deployment grafana = cluster.client.apps().deployments().inNamespace(NS).withName("grafana").get();
        grafana.getSpec().setReplicas(3);
        cluster.client.resource(grafana).update();

        Run r = cluster.run("Install", "--diff", "-o", "json");
        assertEquals(1, r.exit(), r.err());
        JsonNode steps = Json.mapper().readTree(r.out());
        JsonNode update = null;
        for (JsonNode s : steps) {
            if (s.get("action").asString().equals("update")) {
                update = s;
            }
        }
        assertEquals("Deployment", update.get("kind").asString());
        assertEquals("spec.replicas", update.get("changes").get(0).get("path").asString());
        assertEquals("3", update.get("changes").get(0).get("live").asString());
        assertEquals("1", update.get("changes").get(0).get("rendered").asString());

        assertEquals(0, cluster.run("Install", "--timeout", "30s").exit());
        assertEquals(1, cluster.client.apps().deployments().inNamespace(NS).withName("grafana").get().getSpec().getReplicas());
    }

    @Test
    void aNamespaceObsDidNotCreateIsLeftAlone() {
        cluster.client.resource(new NamespaceBuilder().withNewMetadata().withName(NS).withLabels(Map.of("team", "platform"))
                .endMetadata().build()).create();
        Run r = cluster.run("Install", "--diff", "--only", "pushgateway");
        assertTrue(r.out().startsWith("! skip Namespace " + NS + ": exists and was not created by obs: its labels are left as they are\n"), r.out());
        assertEquals(List.of("team"), List.copyOf(cluster.client.namespaces().withName(NS).get().getMetadata().getLabels().keySet()));
    }

    private static int countObjects(Run r) {
        return Integer.parseInt(r.out().replaceAll("(?s).*, (\\d+) unchanged\n", "$1"));
    }
}
