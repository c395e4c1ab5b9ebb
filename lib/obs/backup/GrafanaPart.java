package obs.backup;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import obs.backup.Manifest.GrafanaFacts;
import obs.core.FanOut;
import obs.core.ObsException;
import obs.grafana.DashboardResources;
import obs.grafana.GrafanaAlerting;
import obs.grafana.GrafanaClient;
import obs.grafana.GrafanaObjects;
import obs.grafana.GrafanaObjects.Folder;
import obs.grafana.GrafanaObjects.SearchHit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Grafana part: folders (parents first, with permissions), every dashboard found by paging search, each in
 * grafana/dashboards/UID.json with its folder uid (schema-v2 dashboards as their app-platform object, see
 * {@link DashboardDoc}), library panels, datasources (Grafana never returns their secrets:
 * only the names of the secure fields are kept, for restore to ask for), and unified alerting. Dashboards are fetched
 * {@code parallel} at a time: thousands of them one by one take minutes against a remote Grafana.
 */
final class GrafanaPart {
    static final String DIR = "grafana";
    static final String DASHBOARDS = DIR + "/dashboards";

    private GrafanaPart() {
    }

    /** What the part wrote and the contact points with secrets in clear (only with secrets, for the encrypted file). */
    record Saved(GrafanaFacts facts, String version, JsonNode contactPointSecrets) {
    }

    static Saved backup(GrafanaClient grafana, SetWriter set, int parallel, boolean secrets) throws IOException {
        GrafanaObjects objects = grafana.objects();
        GrafanaObjects.Health health = objects.health();
        if (!health.ok()) {
            throw ObsException.problem("Grafana is not healthy (" + health.status() + ", database " + health.database() + ")");
        }
        List<Folder> folders = objects.folders();
        List<Map<String, Object>> folderRecords = new ArrayList<>();
        for (Folder f : folders) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("uid", f.uid());
            r.put("title", f.title());
            r.put("parentUid", f.parentUid());
            r.put("permissions", objects.folderPermissions(f.uid()));
            folderRecords.add(r);
        }
        set.json(DIR + "/folders.json", folderRecords);

        List<SearchHit> hits = objects.dashboards(GrafanaObjects.SEARCH_PAGE);
        DashboardResources resources = grafana.dashboardResources();
        List<FanOut.Result<Optional<DashboardDoc>>> fetched = FanOut.all(FanOut.Threads.VIRTUAL, hits, parallel, h -> null,
                h -> DashboardDoc.fetch(objects, resources, h.uid()));
        List<Map<String, Object>> index = new ArrayList<>();
        for (int i = 0; i < hits.size(); i++) {
            SearchHit hit = hits.get(i);
            DashboardDoc d = switch (fetched.get(i)) {
                case FanOut.Done<Optional<DashboardDoc>> done -> done.value().orElse(null);
                case FanOut.Failed<Optional<DashboardDoc>> failed -> throw rethrow(failed.cause());
                case FanOut.TimedOut<Optional<DashboardDoc>> t -> throw new IllegalStateException("no deadline was set");
            };
            if (d == null) {
                continue; // deleted between the search and the fetch: not there to save
            }
            String file = DASHBOARDS + "/" + fileName(hit.uid()) + ".json";
            set.json(file, d.toJson());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("uid", hit.uid());
            entry.put("title", hit.title());
            entry.put("folderUid", d.folderUid());
            entry.put("file", file);
            if (d.v2()) {
                entry.put("schema", DashboardDoc.SCHEMA_V2);
            }
            index.add(entry);
        }
        set.json(DIR + "/dashboards.json", index);

        List<JsonNode> library = objects.libraryPanels();
        set.json(DIR + "/library-panels.json", library);

        List<JsonNode> datasources = new ArrayList<>();
        List<String> uids = new ArrayList<>();
        for (JsonNode listed : objects.datasources()) {
            String uid = listed.path("uid").asString("");
            JsonNode full = objects.datasource(uid).orElse(listed);
            datasources.add(withoutSecrets(full));
            uids.add(uid);
        }
        set.json(DIR + "/datasources.json", datasources);

        GrafanaAlerting alerting = grafana.alerting();
        List<JsonNode> rules = alerting.rules();
        set.json(DIR + "/alerting/rules.json", rules);
        Optional<JsonNode> export = alerting.rulesExport();
        if (export.isPresent()) {
            set.json(DIR + "/alerting/rules-export.json", export.get());
        }
        set.json(DIR + "/alerting/contact-points.json", alerting.contactPoints());
        set.json(DIR + "/alerting/policies.json", alerting.policies());
        set.json(DIR + "/alerting/mute-timings.json", alerting.muteTimings());
        set.json(DIR + "/alerting/templates.json", alerting.templates());
        JsonNode clear = secrets ? alerting.contactPointsDecrypted() : null;
        return new Saved(new GrafanaFacts(folders.size(), index.size(), library.size(), datasources.size(), rules.size(), uids),
                health.version(), clear);
    }

    static RuntimeException rethrow(Throwable cause) throws IOException {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
    }

    /** A file name for a uid: the uid itself when it is a plain Grafana uid, else a hex form that cannot escape the folder. */
    static String fileName(String uid) {
        return uid.matches("[A-Za-z0-9_-]{1,64}") ? uid
                : "x-" + java.util.HexFormat.of().formatHex(uid.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Drops every field that could hold a secret; the names of the secure fields stay (restore asks for them). */
    static JsonNode withoutSecrets(JsonNode datasource) {
        ObjectNode copy = ((ObjectNode) datasource).deepCopy();
        copy.remove(List.of("secureJsonData", "password", "basicAuthPassword"));
        return copy;
    }
}
