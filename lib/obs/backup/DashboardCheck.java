package obs.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import obs.backup.Manifest.GrafanaFacts;
import obs.core.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Every saved dashboard parses and every datasource uid it names is one the set holds. A classic dashboard names
 * them as {@code "datasource": {"type": ..., "uid": ...}} in panels, targets, variables and annotations. A schema-v2
 * dashboard (v2beta1 and v2) names them as {@code "datasource": {"name": UID}} beside the plugin's {@code group}, in its
 * queries ({@code DataQuery} kinds under panels' {@code QueryGroup}, query variables, annotations) and in ad hoc and
 * group-by variables; v2alpha1 used the classic {@code {"type", "uid"}} there, so both are read. (The contract does not
 * cover the v2 schema: this shape is the one Grafana's foundation SDK generates for dashboardv2beta1 and dashboardv2.)
 * Variables ({@code $ds}, {@code ${ds}}) and Grafana's built-in sources ({@code -- Grafana --}, {@code -- Mixed --},
 * {@code -- Dashboard --}, {@code grafana}) are not uids.
 */
final class DashboardCheck {
    private static final Set<String> BUILT_IN = Set.of("grafana", "-- Grafana --", "-- Mixed --", "-- Dashboard --", "dashboard", "mixed");

    private DashboardCheck() {
    }

    static List<String> problems(Path set, GrafanaFacts facts) {
        List<String> problems = new ArrayList<>();
        Set<String> known = new HashSet<>(facts.datasourceUids() == null ? List.of() : facts.datasourceUids());
        Path dir = set.resolve(GrafanaPart.DASHBOARDS);
        if (!Files.isDirectory(dir)) {
            return facts.dashboards() == 0 ? problems : List.of(GrafanaPart.DASHBOARDS + ": missing");
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String rel = GrafanaPart.DASHBOARDS + "/" + f.getFileName();
                JsonNode doc;
                try {
                    doc = Json.mapper().readTree(Files.readAllBytes(f));
                } catch (JacksonException e) {
                    problems.add(rel + ": not valid JSON (" + e.getOriginalMessage() + ")");
                    continue;
                }
                DashboardDoc dashboard = DashboardDoc.parse(doc);
                if (dashboard == null) {
                    problems.add(rel + ": holds no dashboard");
                    continue;
                }
                Set<String> unknown = new java.util.TreeSet<>();
                collect(dashboard.content(), dashboard.v2(), known, unknown);
                if (!unknown.isEmpty()) {
                    problems.add(rel + ": names datasource uid(s) not in the set: " + String.join(", ", unknown));
                }
            }
        } catch (IOException e) {
            problems.add(GrafanaPart.DASHBOARDS + ": cannot read: " + BackupFailure.reason(e));
        }
        return problems;
    }

    private static void collect(JsonNode node, boolean v2, Set<String> known, Set<String> unknown) {
        if (node.isObject()) {
            JsonNode ds = node.path("datasource");
            if (ds.isObject()) {
                check(ds.path("uid").asString(""), known, unknown);
                if (v2) {
                    check(ds.path("name").asString(""), known, unknown);
                }
            }
            node.values().forEach(child -> collect(child, v2, known, unknown));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, v2, known, unknown));
        }
    }

    private static void check(String uid, Set<String> known, Set<String> unknown) {
        if (!uid.isEmpty() && !uid.startsWith("$") && !BUILT_IN.contains(uid) && !known.contains(uid)) {
            unknown.add(uid);
        }
    }
}
