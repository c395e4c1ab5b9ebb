package obs.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import obs.cli.Console;
import obs.cli.OutputOptions;
import obs.install.MockCluster.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** uninstall deletes what obs installed in the namespace and nothing else, and asks first. */
class UninstallCommandTest {
    static final String NS = "ao";
    static final Map<String, String> OBS = Map.of("app.kubernetes.io/part-of", "obs", "app.kubernetes.io/name", "prometheus");
    @TempDir Path tmp;
    MockCluster cluster;

    @BeforeEach
    void installThenAddForeignObjects() {
        cluster = new MockCluster(tmp);
        cluster.node("n1", "16", "64Gi", Map.of("ao-node", "observability"), null);
        cluster.storageClass("longhorn-single", true);
        cluster.client.resource(new SecretBuilder().withNewMetadata().withName("mariadb-exporter")
                .withNamespace(NS).endMetadata().build()).create();
        Run install = cluster.run("Install", "--profile", "calo-lab", "--timeout", "30s");
        assertEquals(0, install.exit(), install.err());
        claim("data-prometheus-0", OBS);
        claim("app-data", Map.of("app", "cxtm"));
        cluster.client.resource(new ConfigMapBuilder().withNewMetadata().withName("app-config").withNamespace(NS).endMetadata().build()).create();
        cluster.client.resource(new ConfigMapBuilder().withNewMetadata().withName("other-obs").withNamespace("monitoring").withLabels(OBS)
                .endMetadata().build()).create();
        cluster.client.resource(new DeploymentBuilder().withNewMetadata().withName("app").withNamespace(NS).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "x").endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", "x").endMetadata().withNewSpec().addNewContainer().withName("x").withImage("x").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        cluster.client.resource(new ClusterRoleBuilder().withNewMetadata().withName("foreign-reader").endMetadata().build()).create();
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private void claim(String name, Map<String, String> labels) {
        cluster.client.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace(NS).withLabels(labels)
                .endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build()).create();
    }

    private int obsObjects() {
        return cluster.client.configMaps().inNamespace(NS).withLabel("app.kubernetes.io/part-of", "obs").list().getItems().size()
                + cluster.client.apps().statefulSets().inNamespace(NS).list().getItems().size();
    }

    @Test
    void withoutATerminalItRefusesUnlessToldYes() {
        Run r = cluster.run("Uninstall", NS);
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("[obs] error: refusing to delete "), r.err());
        assertTrue(r.err().contains(" objects without confirmation: stdin is not a terminal; pass --yes\n"), r.err());
        assertTrue(obsObjects() > 0, "nothing was deleted");
    }

    @Test
    void itDeletesObsObjectsAndLeavesEverythingElse() {
        Run r = cluster.run("Uninstall", NS, "--yes");
        assertEquals(0, r.exit(), r.err());
        assertEquals(0, obsObjects());
        assertNull(cluster.client.secrets().inNamespace(NS).withName(AdminSecret.NAME).get());
        assertNull(cluster.client.persistentVolumeClaims().inNamespace(NS).withName("data-prometheus-0").get());
        assertNull(cluster.client.rbac().clusterRoleBindings().withName("obs-prometheus").get());
        assertNull(cluster.client.rbac().clusterRoles().withName("obs-prometheus").get());
        assertNotNull(cluster.client.configMaps().inNamespace(NS).withName("app-config").get(), "unlabelled ConfigMap");
        assertNotNull(cluster.client.apps().deployments().inNamespace(NS).withName("app").get(), "someone else's Deployment");
        assertNotNull(cluster.client.persistentVolumeClaims().inNamespace(NS).withName("app-data").get(), "someone else's data");
        assertNotNull(cluster.client.secrets().inNamespace(NS).withName("mariadb-exporter").get(), "a Secret the user created");
        assertNotNull(cluster.client.configMaps().inNamespace("monitoring").withName("other-obs").get(), "obs objects in other namespaces");
        assertNotNull(cluster.client.rbac().clusterRoles().withName("foreign-reader").get());
        assertNotNull(cluster.client.namespaces().withName(NS).get(), "the namespace stays");
        assertTrue(r.err().contains("[obs] namespace ao was created by obs and is left in place (it may hold other things): kubectl delete"
                + " namespace ao"), r.err());
        assertTrue(r.out().startsWith("KIND"), r.out());
        assertTrue(r.out().lines().allMatch(l -> l.startsWith("KIND") || l.endsWith("deleted")), r.out());
    }

    @Test
    void keepDataKeepsTheVolumeClaims() {
        Run r = cluster.run("Uninstall", NS, "--yes", "--keep-data", "-o", "json");
        assertEquals(0, r.exit(), r.err());
        PersistentVolumeClaim kept = cluster.client.persistentVolumeClaims().inNamespace(NS).withName("data-prometheus-0").get();
        assertNotNull(kept);
        assertTrue(r.err().contains("(volume claims kept)"), r.err());
        assertTrue(r.out().trim().startsWith("["), r.out());
        assertTrue(!r.out().contains("PersistentVolumeClaim"), r.out());
    }

    @Test
    void clusterWideRbacStillBoundByAnotherInstallationStays() {
        cluster.client.rbac().clusterRoleBindings().withName("obs-prometheus").delete();
        cluster.client.resource(new ClusterRoleBindingBuilder().withNewMetadata().withName("obs-prometheus").withLabels(OBS).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("obs-prometheus").endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName("prometheus").withNamespace("monitoring").endSubject().build()).create();
        Run r = cluster.run("Uninstall", NS, "--yes", "-e");
        assertEquals(0, r.exit(), r.err());
        assertNotNull(cluster.client.rbac().clusterRoleBindings().withName("obs-prometheus").get());
        assertNotNull(cluster.client.rbac().clusterRoles().withName("obs-prometheus").get());
        assertNull(cluster.client.rbac().clusterRoles().withName("obs-alloy").get());
    }

    @Test
    void aPersonAtTheTerminalIsAskedAndOnlyYesDeletes() {
        StringWriter err = new StringWriter();
        Console console = new Console(new PrintWriter(new StringWriter()), new PrintWriter(err), new OutputOptions(), false, null);
        Path manifests = Path.of("manifests").toAbsolutePath();
        Confirmation no = new Confirmation(true, new BufferedReader(new StringReader("n\n")), new PrintWriter(err));
        assertEquals(1, Uninstaller.run(NS, false, false, no, manifests, console, () -> cluster.server.createClient()));
        assertTrue(err.toString().contains("objects of obs in namespace ao? [y/N] [obs] nothing deleted"), err.toString());
        assertTrue(obsObjects() > 0);

        Confirmation yes = new Confirmation(true, new BufferedReader(new StringReader("yes\n")), new PrintWriter(err));
        assertEquals(0, Uninstaller.run(NS, false, false, yes, manifests, console, () -> cluster.server.createClient()));
        assertEquals(0, obsObjects());
        Run again = cluster.run("Uninstall", NS);
        assertEquals(0, again.exit());
        assertEquals("[obs] nothing of obs in namespace ao\n", again.err());
    }
}
