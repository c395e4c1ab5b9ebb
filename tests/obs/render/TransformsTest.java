package obs.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import obs.core.ObsException;
import obs.kube.Workloads;
import obs.manifests.Checksums;
import obs.manifests.ManifestSet;
import obs.manifests.Rendered;
import obs.manifests.Renderer;
import obs.manifests.Selection;
import obs.values.Values;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Each value lands where manifests/profiles/README.md says, as data, for the lab profile. */
class TransformsTest {
    /** discovery is on by default; switched on here as well so its transforms stay tested whatever the profile says. */
    static final Rendered LAB = Rendering.render(Rendering.values("calo-lab", "components.discovery=true"), "longhorn-single", null);

    static Container container(HasMetadata workload) {
        return Workloads.template(workload).orElseThrow().getSpec().getContainers().getFirst();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Rendered r, String configMap, String key) {
        return (Map<String, Object>) new Yaml().load(Rendering.file(r, configMap, key));
    }

    @Test
    void everyNamespacedObjectAndEveryServiceAccountSubjectMovesToTheNamespace() {
        assertEquals("ao", Rendering.find(LAB, Namespace.class, "ao").getMetadata().getName());
        for (HasMetadata o : LAB.objects()) {
            if (o instanceof Namespaced) {
                assertEquals("ao", o.getMetadata().getNamespace(), o.getKind() + " " + o.getMetadata().getName());
            }
            assertEquals("obs", o.getMetadata().getLabels().get("app.kubernetes.io/part-of"), o.getMetadata().getName());
        }
        assertEquals("ao", Rendering.find(LAB, ClusterRoleBinding.class, "obs-prometheus").getSubjects().getFirst().getNamespace());
        assertEquals("ao", Rendering.find(LAB, RoleBinding.class, "discovery").getSubjects().getFirst().getNamespace());
    }

    @Test
    void nodeSelectorGoesToDeploymentsAndStatefulSetsOnly() {
        for (Rendered.Item i : LAB.workloads()) {
            Map<String, String> selector = Workloads.template(i.object()).orElseThrow().getSpec().getNodeSelector();
            if (i.object() instanceof DaemonSet) {
                assertTrue(selector == null || !selector.containsKey("ao-node"), i.folder());
            } else {
                assertEquals("observability", selector.get("ao-node"), i.folder());
            }
        }
    }

    @Test
    void sizeStorageAndRetentionReachPrometheus() {
        StatefulSet p = Rendering.find(LAB, StatefulSet.class, "prometheus");
        Container c = container(p);
        assertEquals("2000m", c.getResources().getLimits().get("cpu").toString());
        assertEquals("4Gi", c.getResources().getLimits().get("memory").toString());
        assertEquals("1000m", c.getResources().getRequests().get("cpu").toString());
        var claim = p.getSpec().getVolumeClaimTemplates().getFirst().getSpec();
        assertEquals("50Gi", claim.getResources().getRequests().get("storage").toString());
        assertEquals("longhorn-single", claim.getStorageClassName());
        assertTrue(c.getArgs().contains("--storage.tsdb.retention.size=43GB"), c.getArgs().toString());
        assertTrue(c.getArgs().contains("--storage.tsdb.retention.time=30d"), c.getArgs().toString());

        Values v = Rendering.values("calo-lab", "resources.prometheus.memoryLimit=6Gi", "retention.metrics=15d");
        Container custom = container(Rendering.find(Rendering.render(v, null, null), StatefulSet.class, "prometheus"));
        assertEquals("6Gi", custom.getResources().getLimits().get("memory").toString());
        assertEquals("2Gi", custom.getResources().getRequests().get("memory").toString(), "other keys keep the size's value");
        assertTrue(custom.getArgs().contains("--storage.tsdb.retention.time=15d"), custom.getArgs().toString());
        assertNull(Rendering.find(Rendering.render(v, null, null), StatefulSet.class, "prometheus").getSpec()
                .getVolumeClaimTemplates().getFirst().getSpec().getStorageClassName(), "no class: the cluster's default");
    }

    @Test
    void storageClassOnADraftEqualsRenderingWithIt() {
        Values v = Rendering.values("calo-lab");
        Rendered draft = Rendering.render(v, null, null);
        Rendered adapted = Renderer.withStorageClass(draft, "fast-ssd");
        assertEquals(Serialization.asJson(Rendering.render(v, "fast-ssd", null).objects()), Serialization.asJson(adapted.objects()),
                "the installer adapts its draft instead of rendering twice: the result must be the same objects and hashes");
        assertNotEquals(Serialization.asJson(draft.objects()), Serialization.asJson(adapted.objects()));
        assertSame(draft, Renderer.withStorageClass(draft, null));
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusConfigurationCarriesTheLabsValues() {
        Rendered r = Rendering.render(Rendering.values("calo-lab", "scrapeIntervals.network=15s", "scrapeIntervals.default=1m"), null, null);
        Map<String, Object> config = yaml(r, "prometheus-config", "prometheus.yml");
        Map<String, Object> global = (Map<String, Object>) config.get("global");
        assertEquals("calo-lab", ((Map<String, Object>) global.get("external_labels")).get("cluster"));
        assertEquals("1m", global.get("scrape_interval"));
        assertEquals("1m", global.get("evaluation_interval"));
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");
        Map<String, Map<String, Object>> byName = new HashMap<>();
        jobs.forEach(j -> byName.put((String) j.get("job_name"), j));
        assertEquals("15s", byName.get("node-exporter").get("scrape_interval"));
        assertEquals("15s", byName.get("blackbox").get("scrape_interval"));
        assertEquals("15s", byName.get("blackbox").get("scrape_timeout"), "an explicit timeout never exceeds the interval");
        assertFalse(byName.get("grafana").containsKey("scrape_interval"));
        for (String job : List.of("kubernetes-pods", "kubernetes-services", "blackbox-kubernetes-services")) {
            var sd = ((List<Map<String, Object>>) byName.get(job).get("kubernetes_sd_configs")).getFirst();
            assertEquals(Rendering.values("calo-lab").discoveryNamespaces(), ((Map<String, Object>) sd.get("namespaces")).get("names"), job);
        }
        List<Map<String, Object>> groups = (List<Map<String, Object>>) byName.get("blackbox").get("static_configs");
        assertEquals(Rendering.values("calo-lab").probes().size(), groups.size());
        assertEquals(Map.of("module", "icmp"), groups.getLast().get("labels"));
        assertEquals(List.of("10.122.28.100", "1.1.1.1", "8.8.8.8"), groups.getLast().get("targets"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void componentFilesCarryRetentionTargetsAndReceivers() {
        Values v = Rendering.values("calo-lab", "retention.logs=14d", "retention.traces=3d", "alerting.webhookUrl=https://hooks.lab.example/obs",
                "alerting.slackChannels.critical=#lab-critical", "alerting.smtpSmarthost=smtp.lab.example:587");
        Rendered r = Rendering.render(v, null, null);
        assertEquals("336h", ((Map<String, Object>) yaml(r, "loki-config", "loki.yaml").get("limits_config")).get("retention_period"));
        assertEquals("72h", ((Map<String, Object>) ((Map<String, Object>) yaml(r, "tempo-config", "tempo.yaml").get("compactor"))
                .get("compaction")).get("block_retention"));
        assertEquals(v.smokepingTargets(), ((List<Map<String, Object>>) yaml(r, "smokeping-config", "smokeping.yml").get("targets"))
                .getFirst().get("hosts"));
        List<Map<String, Object>> mtr = (List<Map<String, Object>>) yaml(r, "mtr-analyzer-config", "targets.yaml").get("targets");
        assertEquals(2 * v.mtrTargets().size(), mtr.size());
        assertEquals("path://10.122.28.100", mtr.get(0).get("target"));
        assertEquals(Map.of("destination", "calo-ingress"), mtr.get(1).get("labels"));
        assertEquals(20, mtr.get(1).get("packets"));

        Map<String, Object> am = yaml(r, "alertmanager-config", "alertmanager.yml");
        assertEquals("smtp.lab.example:587", ((Map<String, Object>) am.get("global")).get("smtp_smarthost"));
        assertFalse(((Map<String, Object>) am.get("global")).containsKey("smtp_from"), "an empty value removes the setting");
        Map<String, Map<String, Object>> receivers = new HashMap<>();
        ((List<Map<String, Object>>) am.get("receivers")).forEach(x -> receivers.put((String) x.get("name"), x));
        assertEquals("https://hooks.lab.example/obs",
                ((List<Map<String, Object>>) receivers.get("default").get("webhook_configs")).getFirst().get("url"));
        assertEquals("#lab-critical", ((List<Map<String, Object>>) receivers.get("critical").get("slack_configs")).getFirst().get("channel"));
        assertFalse(receivers.get("critical").containsKey("email_configs"), "no emailTo: no e-mail integration");
        assertFalse(receivers.get("cxtm").containsKey("slack_configs"), "no cxtm channel: no Slack integration");
    }

    @Test
    void discoveryArgumentsAndTheRedisAddressComeFromValues() {
        Container discovery = container(Rendering.find(LAB, Deployment.class, "discovery"));
        int at = discovery.getArgs().indexOf("--configmap=prometheus-discovered");
        assertEquals(Rendering.values("calo-lab").discoveryNamespaces(), discovery.getArgs().subList(at + 1, discovery.getArgs().size()));
        Rendered r = Rendering.render(Rendering.values("calo-lab", "databases.redisAddress=redis://cache.lab:6380"), null, null);
        assertEquals("redis://cache.lab:6380", container(Rendering.find(r, Deployment.class, "redis-exporter")).getEnv().stream()
                .filter(e -> e.getName().equals("REDIS_ADDR")).findFirst().orElseThrow().getValue());
    }

    @Test
    void grafanaIsExposedOnlyWhenAsked() {
        assertEquals("ClusterIP", Rendering.find(LAB, Service.class, "grafana").getSpec().getType());
        assertTrue(LAB.objects().stream().noneMatch(o -> o instanceof Ingress));
        Rendered nodePort = Rendering.render("calo-lab", "exposure.grafana.type=NodePort", "exposure.grafana.nodePort=30300");
        Service s = Rendering.find(nodePort, Service.class, "grafana");
        assertEquals("NodePort", s.getSpec().getType());
        assertEquals(30300, s.getSpec().getPorts().getFirst().getNodePort());
        Rendered ingress = Rendering.render("calo-lab", "exposure.grafana.type=Ingress", "exposure.grafana.host=grafana.lab.example",
                "exposure.grafana.ingressClassName=nginx");
        Ingress i = Rendering.find(ingress, Ingress.class, "grafana");
        assertEquals("ao", i.getMetadata().getNamespace());
        assertEquals("nginx", i.getSpec().getIngressClassName());
        assertEquals("grafana.lab.example", i.getSpec().getRules().getFirst().getHost());
        assertEquals("grafana", i.getSpec().getRules().getFirst().getHttp().getPaths().getFirst().getBackend().getService().getName());
        assertEquals("ClusterIP", Rendering.find(ingress, Service.class, "grafana").getSpec().getType());
    }

    @Test
    void aRegistryMirrorKeepsRepositoryAndTag() {
        Rendered r = Rendering.render(Rendering.values("calo-lab"), null, "registry.lab.local:5000/obs/");
        assertTrue(r.images().contains("registry.lab.local:5000/obs/prometheus/prometheus:v3.14.0"), r.images().toString());
        assertTrue(r.images().contains("registry.lab.local:5000/obs/kube-state-metrics/kube-state-metrics:v2.20.0"), r.images().toString());
        assertTrue(r.images().stream().allMatch(i -> i.startsWith("registry.lab.local:5000/obs/")), r.images().toString());
        assertEquals(LAB.images().size(), r.images().size());
        assertThrows(ObsException.class, () -> Rendering.render(Rendering.values("calo-lab"), null, "https://registry.lab"));
    }

    @Test
    void aChangedConfigMapRollsOnlyTheWorkloadsThatUseIt() {
        Rendered changed = Rendering.render(Rendering.values("calo-lab", "clusterName=lab-2"), "longhorn-single", null);
        assertNotEquals(checksum(LAB, StatefulSet.class, "prometheus"), checksum(changed, StatefulSet.class, "prometheus"));
        assertEquals(checksum(LAB, Deployment.class, "grafana"), checksum(changed, Deployment.class, "grafana"));
        assertEquals(checksum(LAB, StatefulSet.class, "loki"), checksum(changed, StatefulSet.class, "loki"));
        assertFalse(Workloads.template(Rendering.find(LAB, DaemonSet.class, "node-exporter")).orElseThrow().getMetadata()
                .getAnnotations().containsKey(Checksums.CONFIG), "no ConfigMap, no checksum");
    }

    @Test
    void togglesOnlyAndSkipChooseTheFolders() {
        ManifestSet set = Rendering.set();
        Values v = Rendering.values("calo-lab", "components.tempo=false");
        List<String> all = Selection.folders(set, v, List.of(), List.of());
        assertFalse(all.contains("tempo"));
        assertTrue(all.contains("redis-exporter"));
        assertEquals(List.of("namespace", "grafana", "mariadb-exporter"),
                Selection.folders(set, Rendering.values("default"), List.of("mariadb-exporter", "grafana"), List.of()));
        assertFalse(Selection.folders(set, v, List.of(), List.of("loki")).contains("loki"));
        assertEquals("unknown component 'lokki' in --skip (known: prometheus, alertmanager, grafana, loki, alloy, tempo, node-exporter,"
                + " kube-state-metrics, pushgateway, blackbox-exporter, smokeping, mtr-analyzer, discovery, mariadb-exporter,"
                + " redis-exporter, backup, network-policies)",
                assertThrows(ObsException.class, () -> Selection.folders(set, v, List.of(), List.of("lokki"))).getMessage());
        assertEquals("--only and --skip exclude each other",
                assertThrows(ObsException.class, () -> Selection.folders(set, v, List.of("loki"), List.of("tempo"))).getMessage());
    }

    private static String checksum(Rendered r, Class<? extends HasMetadata> kind, String name) {
        return Workloads.template(Rendering.find(r, kind, name)).orElseThrow().getMetadata().getAnnotations().get(Checksums.CONFIG);
    }
}
