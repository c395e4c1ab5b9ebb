package obs.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import obs.core.Json;
import obs.install.MockCluster;
import obs.install.MockCluster.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** install --check (the doctor) on k3s, RKE2 and EKS-like clusters, and the findings that block an install. */
class EnvironmentCheckTest {
    @TempDir Path tmp;
    MockCluster cluster;

    @BeforeEach
    void cluster() {
        cluster = new MockCluster(tmp);
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    /** check name -> "status: detail" (the last finding of a name wins) and the exit code under "exit". */
    Map<String, String> check(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "--check";
        all[1] = "-o";
        all[2] = "json";
        System.arraycopy(args, 0, all, 3, args.length);
        Run r = cluster.run("Install", all);
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode f : Json.mapper().readTree(r.out())) {
            String fix = f.get("fix").isNull() ? "" : " | fix: " + f.get("fix").asString();
            out.merge(f.get("check").asString(), f.get("status").asString() + ": " + f.get("detail").asString() + fix, (a, b) -> a + "\n" + b);
        }
        out.put("exit", String.valueOf(r.exit()));
        return out;
    }

    @Test
    void k3sSingleNode() {
        cluster.api.version("v1.31.4+k3s1");
        cluster.node("k3s-server", "8", "16Gi", Map.of("node.kubernetes.io/instance-type", "k3s"), "k3s://k3s-server");
        cluster.storageClass("local-path", true);
        Map<String, String> f = check();
        assertEquals("0", f.get("exit"), f.toString());
        assertEquals("ok: v1.31.4+k3s1", f.get("kubernetes"));
        assertEquals("info: k3s (version v1.31.4+k3s1)", f.get("distribution"));
        assertEquals("ok: 1 node(s), 1 schedulable", f.get("nodes"));
        assertEquals("ok: size small requests 2.2 CPU, 3.5Gi of 8 CPU, 16Gi allocatable", f.get("capacity"));
        assertEquals("info: recommended medium for 8 CPU, 16Gi (chosen: small)", f.get("size"));
        assertEquals("ok: default local-path", f.get("storage"));
        assertTrue(f.get("icmp sysctl").startsWith("ok: net.ipv4.ping_group_range allowed"), f.get("icmp sysctl"));
        assertEquals("info: no obs workloads in namespace kube-observability-stack", f.get("installation"));
    }

    @Test
    void rke2LabWithTheLabelledNodesAndLonghorn() {
        cluster.api.version("v1.30.5+rke2r1");
        for (String n : new String[] {"uta-k8s-ao-01", "uta-k8s-ao-02"}) {
            cluster.node(n, "16", "64Gi", Map.of("ao-node", "observability"), "rke2://" + n);
        }
        cluster.client.resource(new NodeBuilder().withNewMetadata().withName("uta-k8s-cp-01").endMetadata().withNewSpec()
                .addNewTaint().withKey("node-role.kubernetes.io/control-plane").withEffect("NoSchedule").endTaint().endSpec()
                .withNewStatus().addToAllocatable("cpu", new Quantity("4")).endStatus().build()).create();
        cluster.storageClass("longhorn", true);
        cluster.storageClass("longhorn-single", false);
        cluster.client.resource(new SecretBuilder().withNewMetadata().withName("mariadb-exporter").withNamespace("ao").endMetadata()
                .addToStringData("my.cnf", "[client]\n").build()).create();
        Map<String, String> f = check("--profile", "calo-lab");
        assertEquals("info: RKE2 (version v1.30.5+rke2r1)", f.get("distribution"));
        assertEquals("ok: 3 node(s), 2 schedulable with ao-node=observability", f.get("nodes"));
        assertTrue(f.get("capacity").startsWith("ok: size medium requests "), f.get("capacity"));
        assertTrue(f.get("capacity").endsWith(" of 32 CPU, 128Gi allocatable"), f.get("capacity"));
        assertEquals("info: recommended large for 32 CPU, 128Gi (chosen: medium)", f.get("size"));
        assertEquals("ok: default longhorn, preferred longhorn-single found", f.get("storage"));
        assertEquals("ok: mariadb-exporter present", f.get("secrets"));
        assertEquals("0", f.get("exit"), f.toString());
    }

    @Test
    void eksLikeNodesWithoutTheLabsPreferredClass() {
        cluster.api.version("v1.30.4");
        cluster.node("ip-10-0-1-10.eu-west-1.compute.internal", "2", "7Gi", Map.of("ao-node", "observability"), "aws:///eu-west-1a/i-0abc");
        cluster.storageClass("gp2", true);
        Map<String, String> f = check("--profile", "calo-lab", "--skip", "mariadb-exporter");
        assertEquals("info: EKS (node ip-10-0-1-10.eu-west-1.compute.internal provider aws:///eu-west-1a/i-0abc)", f.get("distribution"));
        assertEquals("warn: default gp2, preferred longhorn-single missing: volume claims use the default class gp2", f.get("storage"));
        assertTrue(f.get("capacity").startsWith("fail: size medium requests "), f.get("capacity"));
        assertTrue(f.get("capacity").endsWith(" of 2 CPU, 7Gi allocatable | fix: choose a smaller size (--size small) or add nodes"),
                f.get("capacity"));
        assertEquals("1", f.get("exit"));
    }

    @Test
    void blockingFindingsComeWithTheirFixAndStopTheInstallBeforeAnyWrite() {
        cluster.node("worker-1", "16", "64Gi", Map.of(), null);
        cluster.client.resource(new NamespaceBuilder().withNewMetadata().withName("ao")
                .addToLabels("pod-security.kubernetes.io/enforce", "baseline").endMetadata().build()).create();
        Map<String, String> f = check("--profile", "calo-lab");
        assertEquals("fail: 1 node(s), none schedulable with ao-node=observability: Deployments and StatefulSets would stay Pending"
                + " | fix: label the nodes for the stack: kubectl label node NODE ao-node=observability", f.get("nodes"));
        assertTrue(f.get("storage").startsWith("fail: default none, preferred longhorn-single missing: the volume claims of prometheus,"
                + " alertmanager, loki, tempo would stay Pending | fix: "), f.get("storage"));
        assertEquals("fail: namespace ao enforces baseline, but alloy, node-exporter need privileged (host network, PID or paths)"
                + " | fix: kubectl label namespace ao pod-security.kubernetes.io/enforce=privileged --overwrite, or --skip alloy,node-exporter",
                f.get("pod security"));
        assertTrue(f.get("secrets").contains("fail: Secret mariadb-exporter is missing"), f.get("secrets"));
        assertEquals("1", f.get("exit"));

        int writes = cluster.api.writes();
        Run install = cluster.run("Install", "--profile", "calo-lab");
        assertEquals(1, install.exit());
        assertTrue(install.err().contains("[obs] warning: BLOCKING nodes: 1 node(s), none schedulable"), install.err());
        assertTrue(install.err().endsWith("[obs] error: 4 blocking finding(s) above: nothing was changed (see 'install --check')\n"), install.err());
        assertEquals(writes, cluster.api.writes());
    }

    @Test
    void anotherInstallationsClusterWideObjectsBlockAndOldClustersLackTheSafeSysctl() {
        cluster.api.version("v1.17.3");
        cluster.node("n1", "8", "32Gi", Map.of(), null);
        cluster.storageClass("standard", true);
        cluster.client.resource(new ClusterRoleBindingBuilder().withNewMetadata().withName("obs-prometheus")
                .addToLabels("app.kubernetes.io/part-of", "obs").endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("obs-prometheus").endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName("prometheus").withNamespace("monitoring").endSubject().build()).create();
        Map<String, String> f = check();
        assertTrue(f.get("kubernetes").startsWith("warn: v1.17.3 is older than 1.25"), f.get("kubernetes"));
        assertTrue(f.get("icmp sysctl").startsWith("fail: net.ipv4.ping_group_range is not a safe sysctl before Kubernetes 1.18: "
                + "blackbox-exporter, smokeping, mtr-analyzer would not start"), f.get("icmp sysctl"));
        assertTrue(f.get("installation").startsWith("fail: ClusterRoleBinding obs-prometheus belongs to the obs installation in namespace"
                + " monitoring; installing here would take it over | fix: uninstall that one first (jbang uninstall monitoring)"), f.get("installation"));
    }

    @Test
    void whatTheAccountMayNotReadIsSaidNotGuessed() {
        cluster.api.deny("GET", "/api/v1/nodes");
        cluster.storageClass("standard", true);
        Map<String, String> f = check();
        assertEquals("warn: this account may not list nodes: node selector and capacity not checked | fix: run the check as a cluster"
                + " administrator", f.get("nodes"));
        assertEquals("0", f.get("exit"));
    }
}
