package obs.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import obs.manifests.Dashboards.Dashboard;
import obs.manifests.Dashboards.Query;
import tools.jackson.databind.JsonNode;

/**
 * The provisioned dashboards: valid, unique, provisioned into folders, querying only provisioned data sources by
 * uid, filtering on the cluster variable, linked to each other, with PromQL that promtool parses, and showing
 * what the issue asks of each.
 */
class DashboardsTest {
    private static final Pattern DASHBOARD_URL = Pattern.compile("/d/([A-Za-z0-9_-]+)");
    private static final String CLUSTER = "cluster=~\"$cluster\"";

    /** The dashboards the issue asks for, and what each must show (a metric, or a panel type on a data source). */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "obs-overview", List.of("up", "ALERTS", "node_cpu_seconds_total", "probe_success", "logs@loki"),
            "obs-nodes", List.of("node_cpu_seconds_total", "node_memory_MemAvailable_bytes", "node_filesystem_avail_bytes",
                    "node_disk_io_time_seconds_total", "node_network_receive_bytes_total"),
            "obs-kubernetes", List.of("container_cpu_usage_seconds_total", "container_memory_working_set_bytes",
                    "kube_pod_status_ready", "kube_deployment_status_replicas_available", "kubelet_volume_stats_used_bytes"),
            "obs-apm", List.of("traces_spanmetrics_calls_total", "traces_spanmetrics_latency_bucket", "exemplar",
                    "table@tempo", "nodeGraph@tempo"),
            "obs-logs", List.of("logs@loki", "loki_process_custom_log_error_lines_total"),
            "obs-network", List.of("probe_success", "probe_ssl_earliest_cert_expiry", "heatmap@prometheus",
                    "smokeping_response_duration_seconds_bucket", "probe_path_hops", "probe_path_hop_loss_ratio",
                    "probe_path_changes_total", "probe_path_hop_latency_seconds"),
            "obs-cxtaf-cxtm", List.of("up", "probe_success", "mysql_up", "redis_up", "logs@loki"),
            "obs-alerts", List.of("ALERTS", "alertmanager_silences", "alertmanager_notifications_failed_total"),
            "obs-components", List.of("prometheus_tsdb_head_series", "loki_distributor_lines_received_total",
                    "tempo_distributor_spans_received_total"));

    @Test
    void everyDashboardIsValidJsonWithAUniqueUidAndUniquePanelIds() {
        List<String> problems = new ArrayList<>();
        Set<String> uids = new TreeSet<>();
        Set<String> titles = new TreeSet<>();
        List<Dashboard> all = Dashboards.all();
        for (Dashboard d : all) {
            if (!d.name().equals(d.uid() + ".json")) {
                problems.add(d.name() + ": file name must be its uid (" + d.uid() + ") + .json");
            }
            if (!uids.add(d.uid())) {
                problems.add(d.name() + ": uid " + d.uid() + " used twice");
            }
            if (!titles.add(d.json().path("title").asString(""))) {
                problems.add(d.name() + ": title used twice");
            }
            Set<Integer> ids = new TreeSet<>();
            for (JsonNode p : d.panels()) {
                if (!p.path("id").isInt() || !ids.add(p.path("id").asInt())) {
                    problems.add(d.name() + ": panel \"" + p.path("title").asString() + "\" has a missing or repeated id");
                }
                JsonNode g = p.path("gridPos");
                if (g.path("x").asInt(-1) < 0 || g.path("w").asInt(0) < 1 || g.path("x").asInt() + g.path("w").asInt() > 24) {
                    problems.add(d.name() + ": panel " + p.path("id").asInt() + " lies outside the 24-column grid");
                }
                if (p.has("repeat") && "h".equals(p.path("repeatDirection").asString("h")) && g.path("w").asInt() != 24) {
                    problems.add(d.name() + ": panel " + p.path("id").asInt() + " repeats across the row, so it must span all 24 columns");
                }
                if (!p.path("type").asString("").equals("row") && p.path("targets").isEmpty()) {
                    problems.add(d.name() + ": panel " + p.path("id").asInt() + " queries nothing");
                }
            }
        }
        assertEquals(List.of(), problems);
        assertEquals(new TreeSet<>(REQUIRED.keySet()), uids, "the dashboards the issue asks for, and no others unaccounted for");
    }

    @Test
    void everyDashboardIsProvisionedIntoAFolder() throws IOException {
        Map<String, Object> providers = Manifests.loadMap(Manifests.folder("grafana").resolve("provisioning/dashboards/dashboards.yaml"));
        Map<String, String> folderByPath = new LinkedHashMap<>();
        Set<String> folderUids = new TreeSet<>();
        for (Object o : Manifests.list(providers.get("providers"), "providers")) {
            String path = String.valueOf(Manifests.at(o, "options.path"));
            assertTrue(folderByPath.put(path, String.valueOf(Manifests.at(o, "folder"))) == null, "two providers read " + path);
            assertTrue(folderUids.add(String.valueOf(Manifests.at(o, "folderUid"))), "folderUid repeated: " + Manifests.at(o, "folderUid"));
        }
        Container grafana = grafanaContainer();
        Map<String, String> configMapOfVolume = new LinkedHashMap<>();
        for (Volume v : grafanaPod().getVolumes()) {
            if (v.getConfigMap() != null) {
                configMapOfVolume.put(v.getName(), v.getConfigMap().getName());
            }
        }
        Map<String, String> mountOfConfigMap = new LinkedHashMap<>();
        grafana.getVolumeMounts().forEach(m -> mountOfConfigMap.put(configMapOfVolume.get(m.getName()), m.getMountPath()));

        Set<String> provisioned = new TreeSet<>();
        Manifests.generatedConfigMaps("grafana").forEach((configMap, files) -> {
            if (!configMap.startsWith("grafana-dashboards")) {
                return;
            }
            String mount = mountOfConfigMap.get(configMap);
            assertTrue(mount != null, "ConfigMap " + configMap + " is not mounted into Grafana");
            assertTrue(folderByPath.containsKey(mount), "no dashboard provider reads " + mount + " (" + configMap + ")");
            for (String f : files) {
                assertTrue(provisioned.add(Path.of(f).getFileName().toString()), f + " is in two ConfigMaps");
            }
        });
        Set<String> present = new TreeSet<>();
        Dashboards.files().forEach(p -> present.add(p.getFileName().toString()));
        assertEquals(present, provisioned, "every dashboard file is in exactly one dashboard ConfigMap");
        long bytes = 0;
        for (Path p : Dashboards.files()) {
            bytes = Math.max(bytes, Files.size(p));
        }
        assertTrue(bytes < 100_000, "dashboards stay small and hand-readable; the largest has " + bytes + " bytes");
    }

    @Test
    void everyDataSourceIsAProvisionedOneNamedByUid() {
        Map<String, String> typeByUid = provisionedDatasources();
        List<String> problems = new ArrayList<>();
        for (Dashboard d : Dashboards.all()) {
            collectDatasourceProblems(d.name(), d.json(), typeByUid, problems);
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyPromQlSelectorFiltersOnTheClusterVariable() {
        List<String> problems = new ArrayList<>();
        for (Dashboard d : Dashboards.all()) {
            JsonNode first = d.variables().isEmpty() ? null : d.variables().get(0);
            if (first == null || !"cluster".equals(first.path("name").asString()) || !first.path("includeAll").asBoolean()
                    || !".*".equals(first.path("allValue").asString(""))) {
                problems.add(d.name() + ": the first variable must be cluster, with All matching .* (series without the label)");
            }
        }
        for (Query q : Dashboards.allQueries()) {
            if (!q.isPromQl() || q.where().equals("variable $cluster")) {
                continue;
            }
            for (PromQl.Selector s : PromQl.selectors(q.text())) {
                if (!s.matchers().contains(CLUSTER)) {
                    problems.add(q.origin() + ": selector " + s.metric() + "{" + s.matchers() + "} does not filter on " + CLUSTER);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void lokiQueriesSelectStreamsTheWayLokiAccepts() {
        List<String> problems = new ArrayList<>();
        for (Dashboard d : Dashboards.all()) {
            for (JsonNode v : d.variables()) {
                // Loki refuses a selector whose matchers all match the empty string, such as {namespace=~".*"}.
                if ("loki".equals(v.path("datasource").path("type").asString()) && v.path("includeAll").asBoolean()
                        && !".+".equals(v.path("allValue").asString(""))) {
                    problems.add(d.name() + ": Loki variable $" + v.path("name").asString() + " must have All = .+");
                }
            }
        }
        for (Query q : Dashboards.allQueries()) {
            if ("loki".equals(q.datasourceType()) && !q.where().startsWith("variable") && !q.text().matches("(?s).*\\{[a-z_]+=~?\"[^\"]+\".*")) {
                problems.add(q.origin() + ": no stream selector with a non-empty matcher: " + q.text());
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyPromQlExpressionParses(@TempDir Path tmp) {
        List<Query> promql = Dashboards.allQueries().stream().filter(Query::isPromQl).toList();
        assertTrue(promql.size() > 100, "found " + promql.size() + " PromQL queries");
        assertEquals(List.of(), PromtoolCheck.problems(promql, tmp));
    }

    @Test
    void aBrokenExpressionIsReportedWithWhereItIs(@TempDir Path tmp) {
        Dashboard d = Dashboards.all().get(0);
        Query good = new Query(d, "panel 1 \"fine\" query A", "prometheus", "prometheus", "sum by (job) (rate(up[$__rate_interval]))");
        Query bad = new Query(d, "panel 2 \"broken\" query A", "prometheus", "prometheus", "sum(rate(up[5m]) by (job)");
        List<String> problems = PromtoolCheck.problems(List.of(good, bad), tmp);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(d.name() + " panel 2 \"broken\" query A: "), problems.get(0));
    }

    @Test
    void theSelectorReaderTellsMetricsFromFunctionsKeywordsAndLabels() {
        assertEquals(List.of("a", "b", "c"), List.copyOf(PromQl.metricNames(
                "sum by (job, le) (rate(a{x=\"by (y)\"}[5m])) / on(instance) group_left(node) b offset 1h"
                        + " and topk(3, c) unless vector(1) > bool 2 # up")));
        assertEquals(List.of(new PromQl.Selector("up", "cluster=~\"$cluster\", job=\"x\"")),
                PromQl.selectors("count without (instance) (up{cluster=~\"$cluster\", job=\"x\"})"));
        assertEquals("rate(x{c=~\"var\", s=~\"var\"}[5m])", PromQl.substitute("rate(x{c=~\"$cluster\", s=~\"${service:regex}\"}[$__rate_interval])"));
    }

    @Test
    void dashboardsLinkToEachOther() {
        List<Dashboard> all = Dashboards.all();
        Set<String> uids = new TreeSet<>();
        all.forEach(d -> uids.add(d.uid()));
        List<String> problems = new ArrayList<>();
        for (Dashboard d : all) {
            boolean tagged = false;
            for (JsonNode t : d.json().path("tags")) {
                tagged |= t.asString().equals("obs");
            }
            boolean menu = false;
            for (JsonNode l : d.json().path("links")) {
                menu |= "dashboards".equals(l.path("type").asString()) && l.path("tags").toString().contains("\"obs\"");
            }
            if (!tagged || !menu) {
                problems.add(d.name() + ": needs the tag obs and the link menu of the obs dashboards");
            }
            Matcher m = DASHBOARD_URL.matcher(d.json().toString());
            while (m.find()) {
                if (!uids.contains(m.group(1))) {
                    problems.add(d.name() + ": links to /d/" + m.group(1) + ", which no dashboard has as uid");
                }
            }
            // Grafana's alerting pages pick an external Alertmanager by its data source name.
            Matcher am = Pattern.compile("/alerting/[a-z]+\\?alertmanager=([^&\"]+)").matcher(d.json().toString());
            while (am.find()) {
                if (!alertmanagerNames().contains(am.group(1))) {
                    problems.add(d.name() + ": links to the alerting pages of Alertmanager " + am.group(1) + ", which is not provisioned");
                }
            }
        }
        Set<String> fromOverview = new TreeSet<>();
        Matcher m = DASHBOARD_URL.matcher(all.stream().filter(d -> d.uid().equals("obs-overview")).findFirst().orElseThrow().json().toString());
        while (m.find()) {
            fromOverview.add(m.group(1));
        }
        Set<String> unreachable = new TreeSet<>(uids);
        unreachable.removeAll(fromOverview);
        unreachable.removeAll(Set.of("obs-overview", "obs-cxtaf-cxtm"));
        assertEquals(List.of(), problems);
        assertEquals(Set.of(), unreachable, "the overview's panels link to the dashboard with their detail");
    }

    @Test
    void eachDashboardShowsWhatTheIssueAsksOfIt() {
        List<String> problems = new ArrayList<>();
        for (Dashboard d : Dashboards.all()) {
            Set<String> shown = new TreeSet<>();
            for (Query q : Dashboards.queries(d)) {
                if (q.isPromQl()) {
                    shown.addAll(PromQl.metricNames(q.text()));
                }
            }
            for (JsonNode p : d.panels()) {
                shown.add(p.path("type").asString() + "@" + p.path("datasource").path("uid").asString());
                for (JsonNode t : p.path("targets")) {
                    if (t.path("exemplar").asBoolean(false)) {
                        shown.add("exemplar");
                    }
                }
            }
            for (String want : REQUIRED.getOrDefault(d.uid(), List.of())) {
                if (!shown.contains(want)) {
                    problems.add(d.name() + " does not show " + want);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    // ------------------------------------------------------------------ helpers

    static Map<String, String> provisionedDatasources() {
        Map<String, Object> ds = Manifests.loadMap(Manifests.folder("grafana").resolve("provisioning/datasources/datasources.yaml"));
        Map<String, String> typeByUid = new LinkedHashMap<>();
        for (Object d : Manifests.list(ds.get("datasources"), "datasources")) {
            typeByUid.put(String.valueOf(Manifests.at(d, "uid")), String.valueOf(Manifests.at(d, "type")));
        }
        return typeByUid;
    }

    private static Set<String> alertmanagerNames() {
        Map<String, Object> ds = Manifests.loadMap(Manifests.folder("grafana").resolve("provisioning/datasources/datasources.yaml"));
        Set<String> out = new TreeSet<>();
        for (Object d : Manifests.list(ds.get("datasources"), "datasources")) {
            if ("alertmanager".equals(Manifests.at(d, "type"))) {
                out.add(String.valueOf(Manifests.at(d, "name")));
            }
        }
        return out;
    }

    private static void collectDatasourceProblems(String where, JsonNode node, Map<String, String> typeByUid, List<String> out) {
        if (node.isObject()) {
            JsonNode ds = node.get("datasource");
            if (ds != null && !ds.isObject()) {
                out.add(where + ": data source given as " + ds + "; name it by {type, uid}");
            } else if (ds != null) {
                String uid = ds.path("uid").asString("");
                if (!typeByUid.containsKey(uid)) {
                    out.add(where + ": data source uid '" + uid + "' is not provisioned (known: " + typeByUid.keySet() + ")");
                } else if (!typeByUid.get(uid).equals(ds.path("type").asString(""))) {
                    out.add(where + ": data source " + uid + " has type " + typeByUid.get(uid) + ", not " + ds.path("type").asString(""));
                }
            }
            for (var e : node.properties()) {
                collectDatasourceProblems(where, e.getValue(), typeByUid, out);
            }
        } else if (node.isArray()) {
            node.forEach(n -> collectDatasourceProblems(where, n, typeByUid, out));
        }
    }

    private static io.fabric8.kubernetes.api.model.PodSpec grafanaPod() {
        return Manifests.workloads().stream().filter(w -> w.file().folder().equals("grafana")).findFirst()
                .orElseThrow(() -> new AssertionError("no Grafana workload")).pod();
    }

    private static Container grafanaContainer() {
        return grafanaPod().getContainers().stream().filter(c -> c.getName().equals("grafana")).findFirst()
                .orElseThrow(() -> new AssertionError("no grafana container"));
    }
}
