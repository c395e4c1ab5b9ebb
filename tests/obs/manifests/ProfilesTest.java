package obs.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;

/** The profile schema of manifests/profiles/README.md, and that the shipped files are the default profile. */
class ProfilesTest {

    private static final Pattern DURATION = Pattern.compile("([0-9]+(ms|s|m|h|d|w|y))+");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /** Maps whose keys are free; their values are still checked. */
    private static final Set<String> OPEN_MAPS = Set.of("nodeSelector", "components", "resources", "probes", "discovery.teams");

    private static final Set<String> SIZE_KEYS =
            Set.of("cpuRequest", "cpuLimit", "memoryRequest", "memoryLimit", "storage", "retentionSize");

    private static final Set<String> STATEFUL = Set.of("prometheus", "alertmanager", "loki", "tempo");

    /** The design's limits per size: cpu, memory. */
    private static final Map<String, Map<String, List<String>>> DESIGN = Map.of(
            "small", Map.of("prometheus", List.of("1000m", "2Gi"), "grafana", List.of("500m", "512Mi"),
                    "loki", List.of("500m", "1Gi"), "tempo", List.of("500m", "1Gi")),
            "medium", Map.of("prometheus", List.of("2000m", "4Gi"), "grafana", List.of("1000m", "1Gi"),
                    "loki", List.of("1000m", "2Gi"), "tempo", List.of("1000m", "2Gi")),
            "large", Map.of("prometheus", List.of("4000m", "8Gi"), "grafana", List.of("2000m", "2Gi"),
                    "loki", List.of("2000m", "4Gi"), "tempo", List.of("2000m", "4Gi")));

    static List<String> otherProfiles() throws IOException {
        try (Stream<Path> s = Files.list(Manifests.folder("profiles"))) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("default.yaml") && !n.equals("sizes.yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList();
        }
    }

    @Test
    void theDefaultProfileIsCompleteAndDocumented() {
        Map<String, Object> p = Manifests.defaultProfile();
        assertEquals(new TreeSet<>(List.of("namespace", "clusterName", "size", "storage", "nodeSelector", "tolerations",
                "components", "retention", "scrapeIntervals", "resources", "discovery", "probes", "smokeping", "mtr",
                "databases", "exposure", "alerting")), new TreeSet<>(p.keySet()));
        String readme = Manifests.read(Manifests.folder("profiles").resolve("README.md"));
        List<String> undocumented = new ArrayList<>();
        for (String path : leafPaths(p, "")) {
            if (!readme.contains("`" + path + "`") && !readme.contains("`" + path + ".<")) {
                undocumented.add(path);
            }
        }
        assertEquals(List.of(), undocumented, "every key of default.yaml appears in profiles/README.md");
        assertEquals(obs.cli.KubeOptions.DEFAULT_NAMESPACE, p.get("namespace"),
                "check-services and uninstall look where a default install goes, and their help says so");
    }

    @Test
    void otherProfilesOverrideOnlyKnownKeysWithTheRightTypes() throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, Object> base = Manifests.defaultProfile();
        List<String> others = otherProfiles();
        assertTrue(others.contains("calo-lab"), "the calo-lab profile");
        for (String name : others) {
            compare(name + ".yaml", base, Manifests.profile(name), "", problems);
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyProfileResolvesToValidValues() throws IOException {
        List<String> problems = new ArrayList<>();
        Set<String> modules = Manifests.map(Manifests.loadMap(
                Manifests.folder("blackbox-exporter").resolve("blackbox.yml")).get("modules"), "modules").keySet();
        Set<String> toggles = new TreeSet<>(Manifests.kustomizeFolders());
        toggles.remove("namespace");
        List<String> names = new ArrayList<>(List.of("default"));
        names.addAll(otherProfiles());
        for (String name : names) {
            Map<String, Object> p = resolve(name);
            String id = name + ": ";
            if (!DNS_LABEL.matcher(String.valueOf(p.get("namespace"))).matches()) {
                problems.add(id + "namespace is not a DNS label");
            }
            if (!Manifests.sizes().containsKey(String.valueOf(p.get("size")))) {
                problems.add(id + "unknown size " + p.get("size"));
            }
            for (String key : List.of("retention.metrics", "retention.logs", "retention.traces",
                    "scrapeIntervals.default", "scrapeIntervals.infrastructure", "scrapeIntervals.network")) {
                if (!DURATION.matcher(String.valueOf(Manifests.at(p, key))).matches()) {
                    problems.add(id + key + " is not a duration");
                }
            }
            Map<String, Object> components = Manifests.map(p.get("components"), "components");
            if (!components.keySet().equals(toggles)) {
                problems.add(id + "components must be exactly " + toggles + ", are " + components.keySet());
            }
            components.forEach((k, v) -> {
                if (!(v instanceof Boolean)) {
                    problems.add(id + "components." + k + " is not a boolean");
                }
            });
            Manifests.map(p.get("probes"), "probes").forEach((module, targets) -> {
                if (!modules.contains(module)) {
                    problems.add(id + "probes." + module + " is not a blackbox module");
                }
                if (Manifests.list(targets, "probes." + module).isEmpty()) {
                    problems.add(id + "probes." + module + " is empty");
                }
            });
            for (Object ns : Manifests.list(Manifests.at(p, "discovery.namespaces"), "discovery.namespaces")) {
                if (!DNS_LABEL.matcher(String.valueOf(ns)).matches()) {
                    problems.add(id + "discovery namespace " + ns + " is not a DNS label");
                }
            }
            if (Manifests.list(Manifests.at(p, "smokeping.targets"), "smokeping.targets").isEmpty()) {
                problems.add(id + "smokeping needs at least one target");
            }
            for (Object t : Manifests.list(Manifests.at(p, "mtr.targets"), "mtr.targets")) {
                if (!Manifests.map(t, "mtr target").keySet().equals(Set.of("name", "host"))) {
                    problems.add(id + "mtr target " + t + " must have exactly name and host");
                }
            }
            if (!Set.of("ClusterIP", "NodePort", "Ingress").contains(String.valueOf(Manifests.at(p, "exposure.grafana.type")))) {
                problems.add(id + "exposure.grafana.type");
            }
            Manifests.map(p.get("resources"), "resources").forEach((component, values) -> {
                if (!Manifests.TIERS.containsKey(component)) {
                    problems.add(id + "resources." + component + " is not a component");
                }
                if (!SIZE_KEYS.containsAll(Manifests.map(values, "resources." + component).keySet())) {
                    problems.add(id + "resources." + component + " has unknown keys");
                }
            });
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void caloLabIsTheDesignsLab() {
        Map<String, Object> p = resolve("calo-lab");
        assertEquals("ao", p.get("namespace"));
        assertEquals("medium", p.get("size"));
        assertEquals("longhorn-single", Manifests.at(p, "storage.preferredClass"));
        assertEquals(Map.of("ao-node", "observability"), p.get("nodeSelector"));
        assertEquals(Boolean.TRUE, Manifests.at(p, "components.mariadb-exporter"));
        assertEquals(Boolean.TRUE, Manifests.at(p, "components.redis-exporter"));
        assertEquals(Boolean.FALSE, Manifests.at(Manifests.defaultProfile(), "components.mariadb-exporter"));
        assertEquals(Boolean.FALSE, Manifests.at(Manifests.defaultProfile(), "components.redis-exporter"));
        assertEquals(List.of("cxtaf-cxeng", "cxtaf-cxeng-taa", "cxtaf-cxeng-ui", "cxtm"),
                Manifests.at(Manifests.defaultProfile(), "discovery.namespaces"));
        assertEquals(Map.of("metrics", "30d", "logs", "30d", "traces", "7d"), Manifests.defaultProfile().get("retention"));
        assertEquals(Map.of("default", "30s", "infrastructure", "15s", "network", "60s"),
                Manifests.defaultProfile().get("scrapeIntervals"));
    }

    @Test
    void sizesCoverEveryWorkloadWithTheDesignsFigures() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> sizes = Manifests.sizes();
        assertEquals(Set.of("small", "medium", "large"), sizes.keySet());
        for (String size : List.of("small", "medium", "large")) {
            Map<String, Object> row = Manifests.map(sizes.get(size), size);
            if (!row.keySet().equals(Manifests.TIERS.keySet())) {
                problems.add(size + ": must list exactly the workload components");
            }
            row.forEach((component, v) -> {
                Map<String, Object> values = Manifests.map(v, size + "." + component);
                String id = size + "." + component + ": ";
                Set<String> expected = new TreeSet<>(List.of("cpuRequest", "cpuLimit", "memoryRequest", "memoryLimit"));
                if (STATEFUL.contains(component)) {
                    expected.add("storage");
                }
                if (component.equals("prometheus")) {
                    expected.add("retentionSize");
                }
                if (!new TreeSet<>(values.keySet()).equals(expected)) {
                    problems.add(id + "keys must be " + expected);
                }
                for (String kind : List.of("cpu", "memory")) {
                    BigDecimal req = bytes(values.get(kind + "Request"));
                    BigDecimal lim = bytes(values.get(kind + "Limit"));
                    if (req.compareTo(lim) > 0) {
                        problems.add(id + kind + " request above limit");
                    }
                }
                if (values.containsKey("retentionSize")) {
                    String rs = String.valueOf(values.get("retentionSize"));
                    if (!rs.matches("[0-9]+(B|KB|MB|GB|TB)")) {
                        problems.add(id + "retentionSize is a Prometheus byte size like 17GB");
                    } else if (Long.parseLong(rs.replaceAll("\\D", "")) * 1_000_000_000L
                            >= bytes(values.get("storage")).longValue() && rs.endsWith("GB")) {
                        problems.add(id + "retentionSize must leave room below the volume size");
                    }
                }
            });
            DESIGN.get(size).forEach((component, figures) -> {
                Map<String, Object> values = Manifests.map(row.get(component), size + "." + component);
                if (bytes(values.get("cpuLimit")).compareTo(bytes(figures.get(0))) != 0
                        || bytes(values.get("memoryLimit")).compareTo(bytes(figures.get(1))) != 0) {
                    problems.add(size + "." + component + ": the design says " + figures);
                }
            });
        }
        for (String component : Manifests.TIERS.keySet()) {
            for (String key : List.of("cpuLimit", "memoryLimit")) {
                BigDecimal small = bytes(Manifests.at(sizes, "small." + component + "." + key));
                BigDecimal medium = bytes(Manifests.at(sizes, "medium." + component + "." + key));
                BigDecimal large = bytes(Manifests.at(sizes, "large." + component + "." + key));
                if (small.compareTo(medium) > 0 || medium.compareTo(large) > 0) {
                    problems.add(component + "." + key + " must not shrink from small to large");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    // ------------------------------------------------------------------ shipped files == default profile

    @Test
    void prometheusConfigurationIsTheDefaultProfile() {
        Map<String, Object> p = Manifests.defaultProfile();
        Map<String, Object> prom = Manifests.loadMap(Manifests.folder("prometheus").resolve("prometheus.yml"));
        assertEquals(p.get("clusterName"), Manifests.at(prom, "global.external_labels.cluster"));
        assertEquals(Manifests.at(p, "scrapeIntervals.default"), Manifests.at(prom, "global.scrape_interval"));
        assertEquals(Manifests.at(p, "scrapeIntervals.default"), Manifests.at(prom, "global.evaluation_interval"));

        Map<String, String> classes = new LinkedHashMap<>();
        for (String job : List.of("node-exporter", "kube-state-metrics", "pushgateway", "kubernetes-apiservers", "kubelet", "cadvisor")) {
            classes.put(job, "infrastructure");
        }
        for (String job : List.of("blackbox-exporter", "smokeping", "mtr-analyzer", "blackbox", "blackbox-kubernetes-services")) {
            classes.put(job, "network");
        }
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> job : ComponentConfigTest.scrapeJobs()) {
            String name = String.valueOf(job.get("job_name"));
            String cls = classes.get(name);
            Object interval = job.get("scrape_interval");
            if (cls == null && interval != null) {
                problems.add(name + ": a default-class job inherits the global interval");
            } else if (cls != null && !Manifests.at(p, "scrapeIntervals." + cls).equals(interval)) {
                problems.add(name + ": scrape_interval must be scrapeIntervals." + cls);
            }
            if (List.of("kubernetes-pods", "kubernetes-services", "blackbox-kubernetes-services").contains(name)) {
                Object names = Manifests.at(Manifests.list(job.get("kubernetes_sd_configs"), name).get(0), "namespaces.names");
                if (!Manifests.at(p, "discovery.namespaces").equals(names)) {
                    problems.add(name + ": namespaces must be discovery.namespaces");
                }
            }
            if (name.equals("blackbox")) {
                Map<String, Object> groups = new LinkedHashMap<>();
                for (Object g : Manifests.list(job.get("static_configs"), "blackbox static_configs")) {
                    groups.put(String.valueOf(Manifests.at(g, "labels.module")), Manifests.at(g, "targets"));
                }
                if (!groups.equals(p.get("probes"))) {
                    problems.add("blackbox: static_configs must be the profile's probes, one group per module");
                }
            }
        }
        assertEquals(List.of(), problems);

        Container c = container("prometheus");
        assertTrue(c.getArgs().contains("--storage.tsdb.retention.time=" + Manifests.at(p, "retention.metrics")), c.getArgs().toString());
    }

    @Test
    void componentConfigurationIsTheDefaultProfile() {
        Map<String, Object> p = Manifests.defaultProfile();
        Map<String, Object> loki = Manifests.loadMap(Manifests.folder("loki").resolve("loki.yaml"));
        assertEquals(hours(String.valueOf(Manifests.at(p, "retention.logs"))), Manifests.at(loki, "limits_config.retention_period"));
        Map<String, Object> tempo = Manifests.loadMap(Manifests.folder("tempo").resolve("tempo.yaml"));
        assertEquals(hours(String.valueOf(Manifests.at(p, "retention.traces"))), Manifests.at(tempo, "compactor.compaction.block_retention"));

        Map<String, Object> smokeping = Manifests.loadMap(Manifests.folder("smokeping").resolve("smokeping.yml"));
        assertEquals(Manifests.at(p, "smokeping.targets"),
                Manifests.at(Manifests.list(smokeping.get("targets"), "targets").get(0), "hosts"));

        Map<String, Object> mtr = Manifests.loadMap(Manifests.folder("mtr-analyzer").resolve("targets.yaml"));
        List<Object> expected = new ArrayList<>();
        for (Object t : Manifests.list(Manifests.at(p, "mtr.targets"), "mtr.targets")) {
            for (String scheme : List.of("path", "icmp")) {
                expected.add(Map.of("target", scheme + "://" + Manifests.at(t, "host"), "packets", 20,
                        "labels", Map.of("destination", Manifests.at(t, "name"))));
            }
        }
        assertEquals(expected, mtr.get("targets"), "one path:// and one icmp:// target per mtr.targets entry");

        List<String> args = container("discovery").getArgs();
        List<Object> namespaces = Manifests.list(Manifests.at(p, "discovery.namespaces"), "namespaces");
        int i = args.indexOf("--configmap=prometheus-discovered");
        assertEquals(namespaces, new ArrayList<Object>(args.subList(i + 1, args.size())), "discovery's trailing arguments");

        EnvVar redis = container("redis-exporter").getEnv().stream().filter(e -> e.getName().equals("REDIS_ADDR")).findFirst().orElseThrow();
        assertEquals(Manifests.at(p, "databases.redisAddress"), redis.getValue());

        Service grafana = (Service) Manifests.objectFiles().stream()
                .filter(f -> f.object() instanceof Service s && s.getMetadata().getName().equals("grafana"))
                .findFirst().orElseThrow().object();
        assertEquals(Manifests.at(p, "exposure.grafana.type"), grafana.getSpec().getType());
    }

    // ------------------------------------------------------------------ helpers

    static Container container(String component) {
        return Manifests.workloads().stream().filter(w -> w.file().folder().equals(component)).findFirst()
                .orElseThrow().pod().getContainers().get(0);
    }

    /** default.yaml merged with a profile: maps merge, everything else replaces. */
    static Map<String, Object> resolve(String name) {
        Map<String, Object> base = Manifests.defaultProfile();
        return name.equals("default") ? base : merge(base, Manifests.profile(name));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        over.forEach((k, v) -> {
            if (v instanceof Map && out.get(k) instanceof Map) {
                out.put(k, merge((Map<String, Object>) out.get(k), (Map<String, Object>) v));
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    private static void compare(String file, Map<String, Object> base, Map<String, Object> over, String prefix, List<String> problems) {
        over.forEach((k, v) -> {
            String path = prefix + k;
            if (v == null) {
                problems.add(file + ": " + path + " is null");
                return;
            }
            if (!base.containsKey(k)) {
                problems.add(file + ": unknown key " + path);
                return;
            }
            Object b = base.get(k);
            if (!sameType(b, v)) {
                problems.add(file + ": " + path + " has the wrong type");
            } else if (v instanceof Map && b instanceof Map && !OPEN_MAPS.contains(path)) {
                compare(file, Manifests.map(b, path), Manifests.map(v, path), path + ".", problems);
            }
        });
    }

    private static boolean sameType(Object a, Object b) {
        return (a instanceof Map && b instanceof Map) || (a instanceof List && b instanceof List)
                || (a instanceof Boolean && b instanceof Boolean) || (a instanceof Number && b instanceof Number)
                || (a instanceof String && b instanceof String);
    }

    private static List<String> leafPaths(Map<String, Object> m, String prefix) {
        List<String> out = new ArrayList<>();
        m.forEach((k, v) -> {
            String path = prefix + k;
            if (v instanceof Map<?, ?> child && !child.isEmpty() && !OPEN_MAPS.contains(path)) {
                out.addAll(leafPaths(Manifests.map(child, path), path + "."));
            } else {
                out.add(path);
            }
        });
        return out;
    }

    private static BigDecimal bytes(Object quantity) {
        return Quantity.getAmountInBytes(new Quantity(String.valueOf(quantity)));
    }

    /** A whole-day or whole-hour duration as Loki and Tempo write it: 30d -> 720h. */
    static String hours(String duration) {
        if (duration.endsWith("d")) {
            return Integer.parseInt(duration.substring(0, duration.length() - 1)) * 24 + "h";
        }
        return duration;
    }
}
