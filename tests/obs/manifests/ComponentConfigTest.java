package obs.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.JsonNode;

/**
 * The component configuration files agree with the manifests that mount them and with each other:
 * scrape jobs, receivers, data-source links, retention, receiver ports, probe modules.
 */
class ComponentConfigTest {

    static Map<String, Object> prometheusConfig() {
        return Manifests.loadMap(Manifests.folder("prometheus").resolve("prometheus.yml"));
    }

    static List<Map<String, Object>> scrapeJobs() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object j : Manifests.list(prometheusConfig().get("scrape_configs"), "scrape_configs")) {
            out.add(Manifests.map(j, "scrape job"));
        }
        return out;
    }

    private static Service service(String name) {
        return (Service) Manifests.objectFiles().stream()
                .filter(f -> f.object() instanceof Service s && s.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no Service " + name)).object();
    }

    private static Map<String, Integer> servicePorts(String name) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (ServicePort p : service(name).getSpec().getPorts()) {
            out.put(p.getName(), p.getPort());
        }
        return out;
    }

    private static PodSpec pod(String component) {
        return Manifests.workloads().stream().filter(w -> w.file().folder().equals(component)).findFirst()
                .orElseThrow().pod();
    }

    private static Container container(String component) {
        return pod(component).getContainers().get(0);
    }

    /** Mount path of the volume that carries the given ConfigMap or Secret. */
    private static String mountOf(String component, String source) {
        PodSpec pod = pod(component);
        String volume = null;
        for (Volume v : pod.getVolumes()) {
            if ((v.getConfigMap() != null && v.getConfigMap().getName().equals(source))
                    || (v.getSecret() != null && v.getSecret().getSecretName().equals(source))) {
                volume = v.getName();
            }
        }
        for (VolumeMount m : pod.getContainers().get(0).getVolumeMounts()) {
            if (m.getName().equals(volume)) {
                return m.getMountPath();
            }
        }
        throw new AssertionError(component + " does not mount " + source);
    }

    // ------------------------------------------------------------------ Prometheus

    @Test
    void prometheusScrapesEveryComponentAndTheCluster() {
        List<String> names = scrapeJobs().stream().map(j -> String.valueOf(j.get("job_name"))).toList();
        assertEquals(names.size(), new HashSet<>(names).size(), "job names are unique");
        Set<String> missing = new TreeSet<>(Manifests.TIERS.keySet());
        missing.addAll(List.of("kubernetes-apiservers", "kubelet", "cadvisor", "kubernetes-pods", "kubernetes-services",
                "discovered", "blackbox"));
        missing.removeAll(names);
        assertEquals(Set.of(), missing, "scrape jobs");

        List<String> problems = new ArrayList<>();
        // "name;port" or "name;(port|port)": every port named must be one the Service has.
        Pattern keep = Pattern.compile("([a-z-]+);\\(?([a-z|-]+?)\\)?");
        for (Map<String, Object> job : scrapeJobs()) {
            String name = String.valueOf(job.get("job_name"));
            if (!Manifests.TIERS.containsKey(name)) {
                continue;
            }
            Object first = Manifests.list(job.get("relabel_configs"), name).get(0);
            Matcher m = keep.matcher(String.valueOf(Manifests.at(first, "regex")));
            if (!"keep".equals(Manifests.at(first, "action")) || !m.matches() || !m.group(1).equals(name)
                    || !servicePorts(name).keySet().containsAll(List.of(m.group(2).split("\\|")))) {
                problems.add(name + ": must keep the endpoints of Service " + name + " on a named port it has");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void cadvisorComesThroughTheKubeletWithoutProxying() {
        Map<String, Object> cadvisor = scrapeJobs().stream().filter(j -> "cadvisor".equals(j.get("job_name"))).findFirst().orElseThrow();
        assertEquals("/metrics/cadvisor", cadvisor.get("metrics_path"));
        assertEquals("node", Manifests.at(Manifests.list(cadvisor.get("kubernetes_sd_configs"), "sd").get(0), "role"));
        assertTrue(!Manifests.read(Manifests.folder("prometheus").resolve("prometheus.yml")).contains("/proxy/"),
                "no API-server proxying");
        assertTrue(Manifests.objectFiles().stream().noneMatch(f -> f.folder().contains("cadvisor")), "no cAdvisor pod");
    }

    @Test
    void prometheusRunsWithTheFeaturesTheStackRelies() {
        List<String> args = container("prometheus").getArgs();
        for (String flag : List.of("--web.enable-lifecycle", "--web.enable-remote-write-receiver",
                "--enable-feature=exemplar-storage")) {
            assertTrue(args.contains(flag), flag);
        }
        assertTrue(args.contains("--web.enable-admin-api"), "backup takes its snapshots through the admin API");
        String policy = Manifests.read(Manifests.folder("prometheus").resolve("prometheus-networkpolicy.yaml"));
        assertTrue(!policy.contains("namespaceSelector") && !policy.contains("ipBlock"),
                "with the admin API on, port 9090 is closed to pods outside the namespace");
        String config = mountOf("prometheus", "prometheus-config");
        assertTrue(args.contains("--config.file=" + config + "/prometheus.yml"), args.toString());
        assertEquals(List.of(mountOf("prometheus", "prometheus-rules") + "/*.yml"), prometheusConfig().get("rule_files"));
        String discovered = mountOf("prometheus", "prometheus-discovered");
        String text = Manifests.read(Manifests.folder("prometheus").resolve("prometheus.yml"));
        assertTrue(text.contains(discovered + "/*-scrape.json") && text.contains(discovered + "/*-probes.json"), "file_sd paths");
        for (String key : Manifests.generatedConfigMaps("prometheus").get("prometheus-discovered")) {
            String file = key.substring(key.lastIndexOf('/') + 1);
            assertTrue(file.endsWith("-scrape.json") || file.endsWith("-probes.json"), file + " matches a file_sd glob");
        }
        assertTrue(Manifests.at(prometheusConfig(), "alerting.alertmanagers") != null, "alerts go to Alertmanager");
    }

    // ------------------------------------------------------------------ Alertmanager

    @Test
    void alertmanagerReadsEverySecretFromMountedFiles() {
        Map<String, Object> am = Manifests.loadMap(Manifests.folder("alertmanager").resolve("alertmanager.yml"));
        String secrets = mountOf("alertmanager", "alertmanager-receivers");
        Set<String> documented = Set.of("webhook-token", "smtp-password", "slack-api-url", "slack-api-url-cxtaf", "slack-api-url-cxtm");
        List<String> problems = new ArrayList<>();
        walk(am, "", (path, key, value) -> {
            if (Set.of("api_url", "slack_api_url", "smtp_auth_password", "auth_password", "auth_secret", "password",
                    "credentials", "bot_token", "routing_key", "service_key", "api_key", "token").contains(key)) {
                problems.add(path + ": secret inline");
            }
            if (key.endsWith("_file")) {
                String file = String.valueOf(value);
                if (!file.startsWith(secrets + "/") || !documented.contains(file.substring(secrets.length() + 1))) {
                    problems.add(path + ": " + file + " is not a documented key of the alertmanager-receivers Secret");
                }
            }
        });
        assertEquals(List.of(), problems);

        Set<String> receivers = new HashSet<>();
        Manifests.list(am.get("receivers"), "receivers").forEach(r -> receivers.add(String.valueOf(Manifests.at(r, "name"))));
        assertEquals(Set.of("default", "watchdog", "critical", "warning", "cxtaf", "cxtm"), receivers);
        assertTrue(!Manifests.list(am.get("inhibit_rules"), "inhibit_rules").isEmpty(), "inhibit rules");
        assertTrue(container("alertmanager").getArgs().contains(
                "--config.file=" + mountOf("alertmanager", "alertmanager-config") + "/alertmanager.yml"));
    }

    // ------------------------------------------------------------------ Grafana

    @Test
    void grafanaDataSourcesHaveFixedUidsAndWorkingLinks() {
        Map<String, Object> ds = Manifests.loadMap(Manifests.folder("grafana").resolve("provisioning/datasources/datasources.yaml"));
        Map<String, Map<String, Object>> byUid = new LinkedHashMap<>();
        for (Object d : Manifests.list(ds.get("datasources"), "datasources")) {
            Map<String, Object> m = Manifests.map(d, "datasource");
            byUid.put(String.valueOf(m.get("uid")), m);
        }
        assertEquals(Set.of("prometheus", "loki", "tempo", "alertmanager"), byUid.keySet());
        assertEquals("http://prometheus:" + servicePorts("prometheus").get("web"), byUid.get("prometheus").get("url"));
        assertEquals("http://loki:" + servicePorts("loki").get("http"), byUid.get("loki").get("url"));
        assertEquals("http://tempo:" + servicePorts("tempo").get("http"), byUid.get("tempo").get("url"));
        assertEquals("http://alertmanager:" + servicePorts("alertmanager").get("web"), byUid.get("alertmanager").get("url"));

        Map<String, Object> tempo = byUid.get("tempo");
        assertEquals("loki", Manifests.at(tempo, "jsonData.tracesToLogsV2.datasourceUid"), "trace to logs");
        assertEquals("prometheus", Manifests.at(tempo, "jsonData.tracesToMetrics.datasourceUid"), "trace to metrics");
        assertEquals("prometheus", Manifests.at(tempo, "jsonData.serviceMap.datasourceUid"), "service map");
        Object exemplars = Manifests.at(byUid.get("prometheus"), "jsonData.exemplarTraceIdDestinations");
        assertTrue(Manifests.list(exemplars, "exemplars").stream().allMatch(e -> "tempo".equals(Manifests.at(e, "datasourceUid"))),
                "exemplars open Tempo");
        Object derived = Manifests.at(byUid.get("loki"), "jsonData.derivedFields");
        assertTrue(Manifests.list(derived, "derivedFields").stream().allMatch(e -> "tempo".equals(Manifests.at(e, "datasourceUid"))),
                "trace IDs in logs open Tempo");
        // Every literal $ in a provisioning file must be escaped, or Grafana expands it as a variable.
        String text = Manifests.read(Manifests.folder("grafana").resolve("provisioning/datasources/datasources.yaml"));
        assertTrue(!text.replace("$$", "").contains("$"), "unescaped $ in datasources.yaml");
    }

    @Test
    void grafanaTakesItsAdminFromTheGeneratedSecretAndProvisionsTheDashboards() throws Exception {
        Container c = container("grafana");
        String secret = mountOf("grafana", "grafana-admin");
        Map<String, String> env = new LinkedHashMap<>();
        c.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
        assertEquals(secret + "/admin-user", env.get("GF_SECURITY_ADMIN_USER__FILE"));
        assertEquals(secret + "/admin-password", env.get("GF_SECURITY_ADMIN_PASSWORD__FILE"));
        assertTrue(!env.containsKey("GF_SECURITY_ADMIN_PASSWORD"), "never a literal password");
        assertEquals(mountOf("grafana", "grafana-config") + "/grafana.ini", env.get("GF_PATHS_CONFIG"));

        Map<String, Object> providers = Manifests.loadMap(Manifests.folder("grafana").resolve("provisioning/dashboards/dashboards.yaml"));
        Object path = Manifests.at(Manifests.list(providers.get("providers"), "providers").get(0), "options.path");
        assertEquals(mountOf("grafana", "grafana-dashboards"), path);

        Set<String> uids = Set.of("prometheus", "loki", "tempo", "alertmanager");
        for (String file : Manifests.generatedConfigMaps("grafana").get("grafana-dashboards")) {
            JsonNode dash = Serialization.jsonMapper().readTree(Manifests.read(Manifests.folder("grafana").resolve(file)));
            assertTrue(dash.has("uid") && dash.has("title"), file);
            List<String> refs = new ArrayList<>();
            collectDatasourceUids(dash, refs);
            assertTrue(!refs.isEmpty(), file + " queries something");
            for (String uid : refs) {
                assertTrue(uids.contains(uid), file + " uses unknown data source uid " + uid);
            }
        }
        String ini = Manifests.read(Manifests.folder("grafana").resolve("grafana.ini"));
        assertTrue(ini.contains("reporting_enabled = false") && ini.contains("allow_sign_up = false"), "grafana.ini hardening");
    }

    private static void collectDatasourceUids(JsonNode node, List<String> out) {
        if (node.isObject()) {
            JsonNode ds = node.get("datasource");
            if (ds != null && ds.isObject() && ds.has("uid")) {
                out.add(ds.get("uid").asString());
            }
            for (var e : node.properties()) {
                collectDatasourceUids(e.getValue(), out);
            }
        } else if (node.isArray()) {
            node.forEach(n -> collectDatasourceUids(n, out));
        }
    }

    // ------------------------------------------------------------------ Loki, Tempo, Alloy

    @Test
    void lokiUsesTheCurrentSchemaAndTheCompactorDeletes() {
        Map<String, Object> loki = Manifests.loadMap(Manifests.folder("loki").resolve("loki.yaml"));
        Object schema = Manifests.list(Manifests.at(loki, "schema_config.configs"), "schema configs").get(0);
        assertEquals("tsdb", Manifests.at(schema, "store"));
        assertEquals("v13", Manifests.at(schema, "schema"));
        assertEquals(Boolean.TRUE, Manifests.at(loki, "compactor.retention_enabled"));
        assertEquals("filesystem", Manifests.at(loki, "compactor.delete_request_store"));
        assertEquals(Boolean.FALSE, Manifests.at(loki, "analytics.reporting_enabled"));
        assertEquals(servicePorts("loki").get("http"), Manifests.at(loki, "server.http_listen_port"));
        assertEquals(servicePorts("loki").get("grpc"), Manifests.at(loki, "server.grpc_listen_port"));
        assertEquals("http://alertmanager:" + servicePorts("alertmanager").get("web"), Manifests.at(loki, "ruler.alertmanager_url"));
        assertTrue(container("loki").getArgs().contains("-config.file=" + mountOf("loki", "loki-config") + "/loki.yaml"));
    }

    @Test
    void tempoReceivesOnEveryExposedPortAndFeedsPrometheus() {
        Map<String, Object> tempo = Manifests.loadMap(Manifests.folder("tempo").resolve("tempo.yaml"));
        Map<String, Integer> ports = servicePorts("tempo");
        Map<String, String> endpoints = Map.of(
                "otlp-grpc", "distributor.receivers.otlp.protocols.grpc.endpoint",
                "otlp-http", "distributor.receivers.otlp.protocols.http.endpoint",
                "jaeger-grpc", "distributor.receivers.jaeger.protocols.grpc.endpoint",
                "jaeger-thrift", "distributor.receivers.jaeger.protocols.thrift_http.endpoint",
                "zipkin", "distributor.receivers.zipkin.endpoint");
        endpoints.forEach((port, key) -> assertEquals("0.0.0.0:" + ports.get(port), Manifests.at(tempo, key), key));
        assertEquals(Set.of("http", "otlp-grpc", "otlp-http", "jaeger-grpc", "jaeger-thrift", "zipkin"), ports.keySet());
        assertEquals(Map.of("http", 3200, "otlp-grpc", 4317, "otlp-http", 4318, "jaeger-grpc", 14250,
                "jaeger-thrift", 14268, "zipkin", 9411), ports);
        Object remote = Manifests.list(Manifests.at(tempo, "metrics_generator.storage.remote_write"), "remote_write").get(0);
        assertEquals("http://prometheus:" + servicePorts("prometheus").get("web") + "/api/v1/write", Manifests.at(remote, "url"));
        List<Object> processors = Manifests.list(Manifests.at(tempo, "overrides.defaults.metrics_generator.processors"), "processors");
        assertTrue(processors.containsAll(List.of("service-graphs", "span-metrics")), processors.toString());
        assertEquals(Boolean.FALSE, Manifests.at(tempo, "usage_report.reporting_enabled"));
    }

    @Test
    void alloyConfigurationIsWellFormedAndWired() {
        String text = Manifests.read(Manifests.folder("alloy").resolve("config.alloy"));
        String code = stripStringsAndComments(text);
        int depth = 0;
        for (char ch : code.toCharArray()) {
            depth += ch == '{' ? 1 : ch == '}' ? -1 : 0;
            assertTrue(depth >= 0, "unbalanced } in config.alloy");
        }
        assertEquals(0, depth, "unbalanced { in config.alloy");

        Set<String> defined = new HashSet<>();
        Matcher block = Pattern.compile("(?m)^([a-z_]+(?:\\.[a-z_]+)+)\\s+\"([a-z_]+)\"\\s*\\{").matcher(text);
        while (block.find()) {
            defined.add(block.group(1) + "." + block.group(2));
        }
        Matcher ref = Pattern.compile("\\b((?:discovery|local|loki|prometheus)\\.[a-z_]+(?:\\.[a-z_]+)?\\.[a-z_]+)\\.(targets|output|receiver)\\b")
                .matcher(code);
        int refs = 0;
        while (ref.find()) {
            refs++;
            assertTrue(defined.contains(ref.group(1)), "config.alloy refers to undefined component " + ref.group(1));
        }
        assertTrue(refs >= 4, "the pipeline is connected");
        assertTrue(text.contains("url = \"http://loki:" + servicePorts("loki").get("http") + "/loki/api/v1/push\""));
        assertTrue(text.contains("sys.env(\"NODE_NAME\")")
                && container("alloy").getEnv().stream().anyMatch(e -> e.getName().equals("NODE_NAME")));
        // The error-spike alert reads the counter this agent defines.
        assertTrue(Pattern.compile("name\\s*=\\s*\"log_error_lines_total\"").matcher(text).find());
        String rules = Manifests.read(Manifests.folder("prometheus").resolve("rules/logs-traces.yml"));
        assertTrue(rules.contains("loki_process_custom_log_error_lines_total"));
        assertTrue(container("alloy").getArgs().contains(mountOf("alloy", "alloy-config") + "/config.alloy"));
    }

    /** Blanks out string literals and comments so braces and references are seen only in code. */
    private static String stripStringsAndComments(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
                out.append('\n');
            } else if (c == '"' || c == '`') {
                char q = c;
                i++;
                while (i < s.length() && s.charAt(i) != q) {
                    if (q == '"' && s.charAt(i) == '\\') {
                        i++;
                    }
                    i++;
                }
                out.append("\"\"");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ probers

    @Test
    void blackboxHasTheModulesTheIssueListsAndLoadsThemFromTheMount() {
        Map<String, Object> modules = Manifests.map(Manifests.loadMap(
                Manifests.folder("blackbox-exporter").resolve("blackbox.yml")).get("modules"), "modules");
        assertTrue(modules.size() >= 15, "at least 15 modules, found " + modules.size());
        Set<String> required = Set.of("http_2xx", "http_2xx_tls", "http_post_2xx", "tcp_connect", "tls_connect", "ssh_banner",
                "icmp", "icmp_ipv6", "dns_udp", "dns_tcp", "smtp_starttls", "redis_ping", "mysql_handshake", "k8s_api",
                "grpc_health", "cxtaf_health", "cxtm_health");
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(modules.keySet());
        assertEquals(Set.of(), missing);
        // The exporter's --config.check accepts any prober name; an unknown one fails only when probed.
        modules.forEach((name, module) -> assertTrue(
                Set.of("http", "tcp", "icmp", "dns", "grpc").contains(String.valueOf(Manifests.at(module, "prober"))),
                name + ": unknown prober " + Manifests.at(module, "prober")));
        assertEquals("ip6", Manifests.at(modules.get("icmp_ipv6"), "icmp.preferred_ip_protocol"));
        assertEquals("tcp", Manifests.at(modules.get("dns_tcp"), "dns.transport_protocol"));
        assertEquals(Boolean.TRUE, Manifests.at(modules.get("http_2xx_tls"), "http.fail_if_not_ssl"));
        String ca = String.valueOf(Manifests.at(modules.get("k8s_api"), "http.tls_config.ca_file"));
        assertEquals(mountOf("blackbox-exporter", "kube-root-ca.crt") + "/ca.crt", ca);
        assertTrue(container("blackbox-exporter").getArgs().contains(
                "--config.file=" + mountOf("blackbox-exporter", "blackbox-exporter-config") + "/blackbox.yml"),
                "the exporter must be told where the mounted modules are");
    }

    @Test
    void smokepingPingsWithoutPrivileges() {
        Map<String, Object> config = Manifests.loadMap(Manifests.folder("smokeping").resolve("smokeping.yml"));
        for (Object t : Manifests.list(config.get("targets"), "targets")) {
            assertEquals("udp", Manifests.at(t, "protocol"), "unprivileged ICMP sockets");
        }
        assertTrue(container("smokeping").getArgs().contains(
                "--config.file=" + mountOf("smokeping", "smokeping-config") + "/smokeping.yml"));
        assertTrue(!container("smokeping").getArgs().contains("--privileged"));
    }

    @Test
    void theToolkitWorkloadsRunObsCommandsOnTheirPorts() {
        Container mtr = container("mtr-analyzer");
        assertEquals(List.of("probe", "serve"), mtr.getArgs().subList(0, 2));
        assertTrue(mtr.getArgs().contains("--listen=0.0.0.0:" + servicePorts("mtr-analyzer").get("http")));
        assertTrue(mtr.getArgs().contains("--targets-file=" + mountOf("mtr-analyzer", "mtr-analyzer-config") + "/targets.yaml"));
        Container discovery = container("discovery");
        assertEquals(List.of("discover", "--watch"), discovery.getArgs().subList(0, 2));
        assertTrue(discovery.getArgs().contains("--listen=0.0.0.0:" + servicePorts("discovery").get("http")));
        assertEquals(mtr.getImage(), discovery.getImage(), "one obs toolkit image");
    }

    // ------------------------------------------------------------------ obs's own code reads these files

    @Test
    void manifestsAgreeWithTheComponentRegistry() {
        List<String> problems = new ArrayList<>();
        Set<String> registered = new TreeSet<>();
        for (obs.stack.Component c : obs.stack.Stack.COMPONENTS) {
            registered.add(c.name());
            List<Manifests.Workload> ws = Manifests.workloads().stream().filter(w -> w.file().folder().equals(c.name())).toList();
            if (ws.size() != 1) {
                problems.add(c.name() + ": expected one workload in " + c.manifestsDir());
                continue;
            }
            Manifests.Workload w = ws.get(0);
            if (!w.kind().equals(c.workload().name()) || !w.name().equals(c.name())) {
                problems.add(w.where() + ": the registry says " + c.workload() + " " + c.name());
            }
            String tier = w.file().object().getMetadata().getLabels().get("app.kubernetes.io/component");
            if (!c.tier().name().equals(tier)) {
                problems.add(w.where() + ": tier " + tier + ", the registry says " + c.tier());
            }
            Map<String, Integer> expected = new LinkedHashMap<>();
            c.ports().forEach(p -> expected.put(p.name(), p.number()));
            if (!expected.equals(servicePorts(c.name()))) {
                problems.add(c.name() + ": Service ports " + servicePorts(c.name()) + ", the registry says " + expected);
            }
            Container container = w.pod().getContainers().get(0);
            String liveness = container.getLivenessProbe().getHttpGet().getPath();
            if (!c.healthPath().equals(liveness)) {
                problems.add(w.where() + ": liveness path " + liveness + ", the registry says " + c.healthPath());
            }
        }
        assertEquals(Manifests.TIERS.keySet(), registered, "the registry and these tests know the same components");
        assertEquals(List.of(), problems);
    }

    @Test
    void obsReadsTheDeployedModulesAndTheAnalyzerTargets() {
        java.nio.file.Path blackbox = Manifests.folder("blackbox-exporter").resolve("blackbox.yml");
        obs.probe.config.Modules modules = obs.probe.config.Modules.load(blackbox);
        Map<String, Object> declared = Manifests.map(Manifests.loadMap(blackbox).get("modules"), "modules");
        for (String name : declared.keySet()) {
            assertTrue(modules.find(name).isPresent(), "obs probe reads module " + name);
        }
        java.nio.file.Path targets = Manifests.folder("mtr-analyzer").resolve("targets.yaml");
        List<obs.probe.TargetsFile.Scheduled> scheduled =
                obs.probe.TargetsFile.load(targets).resolve(targets.toString(), obs.probe.config.Modules.load(null));
        assertEquals(Manifests.list(Manifests.loadMap(targets).get("targets"), "targets").size(), scheduled.size());
    }

    // ------------------------------------------------------------------ helpers

    interface Visitor {
        void visit(String path, String key, Object value);
    }

    private static void walk(Object node, String path, Visitor v) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, val) -> {
                String p = path.isEmpty() ? String.valueOf(k) : path + "." + k;
                v.visit(p, String.valueOf(k), val);
                walk(val, p, v);
            });
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                walk(l.get(i), path + "[" + i + "]", v);
            }
        }
    }
}
