package obs.verify;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import obs.core.InputFile;
import obs.core.Json;
import obs.grafana.GrafanaClient;
import obs.grafana.GrafanaObjects;
import tools.jackson.databind.JsonNode;

/**
 * Grafana: healthy, every datasource passes Grafana's own health check, the dashboards obs provisions exist, and
 * every datasource uid a dashboard names exists.
 */
final class GrafanaStep implements Step {
    /** Datasource references that are not uids of a datasource: Grafana's built-ins and template variables. */
    private static final Set<String> BUILT_IN = Set.of("-- Grafana --", "grafana", "-- Mixed --", "-- Dashboard --", "dashboard");

    @Override
    public StepName name() {
        return StepName.grafana;
    }

    @Override
    public Optional<String> skipReason(Run run) {
        return Step.needs(run, GrafanaConnection.GRAFANA);
    }

    @Override
    public void run(Run run, Outcome out) throws Exception {
        try (GrafanaClient client = GrafanaConnection.open(run)) {
            GrafanaObjects g = client.objects();
            GrafanaObjects.Health health = g.health();
            if (!health.ok()) {
                out.problem("Grafana is not healthy: HTTP " + health.status() + ", database " + (health.database().isEmpty() ? "not reported" : health.database()));
                return;
            }
            out.ok("Grafana " + health.version() + " healthy");
            List<JsonNode> datasources = g.datasources();
            Set<String> uids = new TreeSet<>();
            List<String> failing = new ArrayList<>();
            for (JsonNode ds : datasources) {
                String uid = ds.path("uid").asString("");
                uids.add(uid);
                GrafanaObjects.DatasourceHealth h = g.datasourceHealth(uid);
                if (!h.ok()) {
                    failing.add(ds.path("name").asString(uid) + " (uid " + uid + "): " + (h.known() ? h.message() : "Grafana does not know its uid"));
                }
            }
            if (failing.isEmpty()) {
                out.ok(datasources.size() + " datasources pass their health check");
            } else {
                out.problem("datasource health check fails: " + String.join("; ", failing));
            }
            dashboards(run, g, uids, out);
        } catch (RuntimeException e) {
            out.problem(e.getMessage());
        }
    }

    /** The provisioned dashboards exist; every dashboard Grafana holds names only datasource uids that exist. */
    private static void dashboards(Run run, GrafanaObjects g, Set<String> datasourceUids, Outcome out) throws IOException {
        List<String> provisioned = provisioned(run.repo().resolve("manifests/grafana/dashboards"));
        Set<String> present = new TreeSet<>();
        List<String> dangling = new ArrayList<>();
        for (GrafanaObjects.SearchHit hit : g.dashboards(GrafanaObjects.SEARCH_PAGE)) {
            present.add(hit.uid());
            Optional<GrafanaObjects.Dashboard> d = g.dashboard(hit.uid());
            if (d.isEmpty()) {
                continue;
            }
            Set<String> named = new TreeSet<>();
            datasourceUids(d.get().model(), named);
            named.removeAll(datasourceUids);
            named.forEach(u -> dangling.add("dashboard '" + hit.title() + "' (uid " + hit.uid() + ") names datasource uid " + u
                    + ", which does not exist"));
        }
        List<String> missing = provisioned.stream().filter(uid -> !present.contains(uid)).toList();
        if (!missing.isEmpty()) {
            out.problem("provisioned dashboards missing in Grafana: " + String.join(", ", missing)
                    + " (from manifests/grafana/dashboards)");
        }
        if (!dangling.isEmpty()) {
            out.problem(String.join("; ", dangling));
        }
        if (missing.isEmpty() && dangling.isEmpty()) {
            out.ok(provisioned.size() + " provisioned dashboards present; the " + present.size()
                    + " dashboards name only datasource uids that exist");
        }
    }

    /** The uids of the dashboards obs provisions (manifests/grafana/dashboards/*.json). */
    static List<String> provisioned(Path dir) throws IOException {
        List<String> uids = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return uids;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                String uid = Json.mapper().readTree(InputFile.readString(f)).path("uid").asString("");
                if (!uid.isEmpty()) {
                    uids.add(uid);
                }
            }
        }
        uids.sort(null);
        return uids;
    }

    /** Every {@code "datasource": {"uid": ...}} in a dashboard model, leaving out built-ins and template variables. */
    static void datasourceUids(JsonNode node, Set<String> into) {
        if (node.isObject()) {
            JsonNode ds = node.path("datasource");
            if (ds.isObject()) {
                String uid = ds.path("uid").asString("");
                if (!uid.isEmpty() && !uid.startsWith("$") && !BUILT_IN.contains(uid)) {
                    into.add(uid);
                }
            }
            node.values().forEach(child -> datasourceUids(child, into));
        } else if (node.isArray()) {
            node.forEach(child -> datasourceUids(child, into));
        }
    }
}
