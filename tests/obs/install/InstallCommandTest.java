package obs.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import java.util.Base64;
import obs.install.MockCluster.Run;
import org.junit.jupiter.api.Test;

/** install against the mock API server: fresh, again, interrupted, denied, stuck. */
class InstallCommandTest extends WithOneNodeCluster {
    @Test
    void aFreshInstallAppliesEveryObjectWaitsAndSaysHowToGoOn() {
        Run r = install();
        assertEquals(0, r.exit(), r.err());
        for (String phase : new String[] {"namespace: 1 applied", "config: ", "core workloads: 5 applied", "network workloads: 3 applied"}) {
            assertTrue(r.err().contains("[obs] " + phase), phase + " in\n" + r.err());
        }
        assertTrue(r.out().matches("(?s)COMPONENT +KIND +STATUS +READY\nprometheus +StatefulSet +ok +1/1 ready\n.*"), r.out());
        assertTrue(r.out().contains("Grafana: http://localhost:3000/ after: kubectl -n " + NS + " port-forward svc/grafana 3000:3000"), r.out());
        assertTrue(r.out().endsWith("Next: jbang check-services " + NS + "\n"), r.out());
        assertFalse(r.out().contains("password: ") && r.out().contains("Grafana admin password"), "no password without --show-password");

        Namespace ns = cluster.client.namespaces().withName(NS).get();
        assertEquals("privileged", ns.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"));
        assertEquals(NS, cluster.client.rbac().clusterRoleBindings().withName("obs-prometheus").get().getSubjects().getFirst().getNamespace());
        assertNotNull(cluster.client.configMaps().inNamespace(NS).withName("prometheus-config").get());
        assertNotNull(cluster.client.apps().statefulSets().inNamespace(NS).withName("prometheus").get());
        Secret admin = cluster.client.secrets().inNamespace(NS).withName(AdminSecret.NAME).get();
        String password = new String(Base64.getDecoder().decode(admin.getData().get("admin-password")));
        assertEquals(24, password.length());
        assertNotEquals("admin", password);
        assertEquals("obs", admin.getMetadata().getLabels().get("app.kubernetes.io/part-of"));
    }

    @Test
    void runningItAgainChangesNothing() {
        assertEquals(0, install().exit());
        String password = cluster.client.secrets().inNamespace(NS).withName(AdminSecret.NAME).get().getData().get("admin-password");
        String version = cluster.client.apps().statefulSets().inNamespace(NS).withName("prometheus").get().getMetadata().getResourceVersion();
        int writes = cluster.api.writes();

        Run again = install("--show-password");
        assertEquals(0, again.exit(), again.err());
        assertEquals(writes, cluster.api.writes(), "the second run must not write anything\n" + again.err());
        assertTrue(again.err().contains("[obs] config: 0 applied, "), again.err());
        assertFalse(again.err().contains("generated the Grafana admin password"), again.err());
        assertEquals(password, cluster.client.secrets().inNamespace(NS).withName(AdminSecret.NAME).get().getData().get("admin-password"));
        assertEquals(version, cluster.client.apps().statefulSets().inNamespace(NS).withName("prometheus").get().getMetadata().getResourceVersion());
        assertTrue(again.out().contains("Grafana admin password: " + new String(Base64.getDecoder().decode(password))), again.out());
    }

    @Test
    void aDeniedVerbIsNamedAndTheNextRunFinishesTheInterruptedInstall() {
        cluster.api.deny("PATCH", "/apis/apps/v1/namespaces/" + NS + "/statefulsets");
        Run denied = install();
        assertEquals(1, denied.exit(), denied.err());
        assertTrue(denied.err().contains("[obs] warning: patch (server-side apply) StatefulSet prometheus in namespace " + NS
                + ": denied (HTTP 403): User \"system:serviceaccount:ci:installer\" cannot patch resource at /apis/apps/v1/namespaces/" + NS
                + "/statefulsets/prometheus; the account needs 'patch' on statefulsets.apps in namespace " + NS), denied.err());
        assertTrue(denied.err().endsWith("[obs] error: 3 object(s) of phase 'core workloads' were not applied (listed above); later phases"
                + " were not started. Re-run install once fixed.\n"), denied.err());
        assertNotNull(cluster.client.configMaps().inNamespace(NS).withName("prometheus-config").get(), "earlier phases were applied");
        assertEquals(null, cluster.client.apps().deployments().inNamespace(NS).withName("blackbox-exporter").get(), "later phases were not");

        cluster.api.allowAll();
        Run finished = install();
        assertEquals(0, finished.exit(), finished.err());
        assertTrue(finished.err().contains("[obs] config: 0 applied"), finished.err());
        assertTrue(finished.err().contains("[obs] core workloads: 3 applied, 2 unchanged"), finished.err());
        assertNotNull(cluster.client.apps().deployments().inNamespace(NS).withName("blackbox-exporter").get());
    }

    @Test
    void aDeniedClusterWideObjectNamesTheClusterWidePermission() {
        cluster.api.deny("PATCH", "/apis/rbac.authorization.k8s.io/v1/clusterroles/obs-prometheus");
        Run r = install();
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("patch (server-side apply) ClusterRole obs-prometheus (cluster-scoped): denied (HTTP 403): "), r.err());
        assertTrue(r.err().contains("the account needs 'patch' on clusterroles.rbac.authorization.k8s.io (cluster-wide)"), r.err());
        assertEquals(null, cluster.client.apps().statefulSets().inNamespace(NS).withName("prometheus").get());
    }

    @Test
    void aConflictNamesTheObjectAndWhatTheServerSaid() {
        cluster.api.refuse("PATCH", "/api/v1/namespaces/" + NS + "/configmaps/grafana-config", 409, "Conflict");
        Run r = install();
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("[obs] warning: patch (server-side apply) ConfigMap grafana-config in namespace " + NS
                + ": conflict (HTTP 409): Operation cannot be fulfilled on /api/v1/namespaces/" + NS + "/configmaps/grafana-config: Conflict\n"),
                r.err());
        assertTrue(r.err().contains("[obs] error: 1 object(s) of phase 'config' were not applied"), r.err());
    }

    @Test
    void aStuckWorkloadTimesOutWithItsPodAndEvents() {
        cluster.stuck("loki");
        Run r = cluster.run("Install", "--timeout", "3s");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("[obs] warning: loki (StatefulSet loki) not ready: no status yet"), r.err());
        assertTrue(r.err().contains("[obs] warning:   pod loki-0: container loki waiting: ImagePullBackOff: Back-off pulling image"
                + " \"docker.io/grafana/loki:3.7.7\""), r.err());
        assertTrue(r.err().contains("[obs] warning:   event Pod/loki-0: Failed: Failed to pull image \"docker.io/grafana/loki:3.7.7\": not found"),
                r.err());
        assertTrue(r.err().endsWith("[obs] error: 1 workload(s) not Ready within 3s: loki (the reasons are listed above)\n"), r.err());
        assertFalse(r.err().contains("prometheus (StatefulSet"), "ready workloads are not reported");
    }

    @Test
    void changedValuesUpdateOnlyWhatTheyTouch() {
        assertEquals(0, install().exit());
        Run r = install("--set", "retention.metrics=15d");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("[obs] core workloads: 1 applied, 4 unchanged"), r.err() + "\n" + r.out());
        StatefulSet p = cluster.client.apps().statefulSets().inNamespace(NS).withName("prometheus").get();
        assertTrue(p.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs().contains("--storage.tsdb.retention.time=15d"), p.getSpec().getTemplate().getSpec().getContainers().toString());
        ConfigMap config = cluster.client.configMaps().inNamespace(NS).withName("prometheus-config").get();
        assertTrue(config.getData().get("prometheus.yml").contains("cluster: kube-observability-stack"));
        ClusterRoleBinding b = cluster.client.rbac().clusterRoleBindings().withName("obs-alloy").get();
        assertEquals(NS, b.getSubjects().getFirst().getNamespace());
    }

    @Test
    void aComponentSwitchedOffIsRemovedButItsDataAndOtherComponentsStay() {
        assertEquals(0, install().exit());
        String ksm = "kube-state-metrics";
        cluster.client.persistentVolumeClaims().inNamespace(NS).resource(new PersistentVolumeClaimBuilder().withNewMetadata()
                .withName("data-" + ksm).addToLabels("app.kubernetes.io/name", ksm).addToLabels("app.kubernetes.io/part-of", "obs")
                .endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").endSpec().build()).create();
        String off = "components." + ksm + "=false";

        Run diff = cluster.run("Install", "--diff", "--set", off);
        assertEquals(1, diff.exit(), diff.err());
        for (String object : new String[] {"Deployment " + ksm + " (" + NS + ")", "ServiceAccount " + ksm + " (" + NS + ")",
                "Service " + ksm + " (" + NS + ")", "NetworkPolicy " + ksm + " (" + NS + ")", "ClusterRoleBinding obs-" + ksm,
                "ClusterRole obs-" + ksm}) {
            assertTrue(diff.out().contains("- delete " + object + ": installed by obs before, no longer rendered"), object + " in\n" + diff.out());
        }
        assertTrue(diff.out().contains("6 to delete"), diff.out());
        assertFalse(diff.out().contains("data-" + ksm) || diff.out().contains(AdminSecret.NAME), diff.out());

        Run skipped = install("--skip", ksm);
        assertEquals(0, skipped.exit(), skipped.err());
        assertFalse(skipped.err().contains("removing"), "--skip leaves a component alone: " + skipped.err());
        assertNotNull(cluster.client.apps().deployments().inNamespace(NS).withName(ksm).get());

        Run r = install("--set", off);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("[obs] removing 6 object(s) obs installed before and no longer renders: "), r.err());
        assertEquals(null, cluster.client.apps().deployments().inNamespace(NS).withName(ksm).get());
        assertEquals(null, cluster.client.rbac().clusterRoles().withName("obs-" + ksm).get());
        assertEquals(null, cluster.client.services().inNamespace(NS).withName(ksm).get());
        assertNotNull(cluster.client.persistentVolumeClaims().inNamespace(NS).withName("data-" + ksm).get(), "data is never removed");
        assertNotNull(cluster.client.secrets().inNamespace(NS).withName(AdminSecret.NAME).get());
        assertNotNull(cluster.client.apps().statefulSets().inNamespace(NS).withName("prometheus").get());
        assertNotNull(cluster.client.rbac().clusterRoles().withName("obs-prometheus").get());

        int writes = cluster.api.writes();
        Run again = install("--set", off);
        assertEquals(0, again.exit(), again.err());
        assertEquals(writes, cluster.api.writes(), "nothing left to remove or apply: " + again.err());
    }

    @Test
    void anIngressNoLongerAskedForIsRemoved() {
        Run exposed = install("--set", "exposure.grafana.type=Ingress", "--set", "exposure.grafana.host=grafana.lab.test");
        assertEquals(0, exposed.exit(), exposed.err());
        assertEquals(1, cluster.client.network().v1().ingresses().inNamespace(NS).list().getItems().size());
        Run back = install();
        assertEquals(0, back.exit(), back.err());
        assertTrue(back.err().contains("[obs] removing 1 object(s) obs installed before and no longer renders: Ingress "), back.err());
        assertEquals(0, cluster.client.network().v1().ingresses().inNamespace(NS).list().getItems().size());
    }
}
