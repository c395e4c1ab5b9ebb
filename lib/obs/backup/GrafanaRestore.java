package obs.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import obs.backup.RestoreReport.Action;
import obs.core.Json;
import obs.grafana.GrafanaClient;
import obs.grafana.GrafanaError;
import obs.grafana.GrafanaObjects;
import obs.grafana.GrafanaObjects.Folder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Grafana back from a set, by uid: folders (parents first, with permissions), datasources (their secrets from the
 * user), library panels, dashboards into their folders, then alerting (mute timings, templates, contact points,
 * policies, rules). Datasources come before what names them: Grafana checks an alert rule's datasources when it is
 * created. An object that exists and differs is kept unless {@code force}; with {@code dryRun} only GETs are sent.
 */
final class GrafanaRestore {
    private static final String PART = "grafana";
    private final GrafanaClient grafana;
    private final GrafanaObjects objects;
    private final Path set;
    private final boolean dryRun;
    private final boolean force;
    private final RestoreReport report;

    GrafanaRestore(GrafanaClient grafana, Path set, boolean dryRun, boolean force, RestoreReport report) {
        this.grafana = grafana;
        this.objects = grafana.objects();
        this.set = set;
        this.dryRun = dryRun;
        this.force = force;
        this.report = report;
    }

    private JsonNode read(String relative) throws IOException {
        Path p = set.resolve(GrafanaPart.DIR).resolve(relative);
        return Files.exists(p) ? Json.mapper().readTree(Files.readAllBytes(p)) : Json.mapper().createArrayNode();
    }

    /** Asks for every secret first (nothing is changed if one is missing), then restores. */
    void run(RestoreSecrets secrets) throws IOException {
        List<ObjectNode> datasources = new ArrayList<>();
        for (JsonNode ds : read("datasources.json")) {
            ObjectNode body = ((ObjectNode) ds).deepCopy();
            ObjectNode secure = Json.mapper().createObjectNode();
            ds.path("secureJsonFields").properties().forEach(e -> {
                if (e.getValue().asBoolean(false) && objects.datasource(ds.path("uid").asString("")).isEmpty()) {
                    String v = secrets.get("datasources", ds.path("uid").asString(""), e.getKey());
                    if (v != null) {
                        secure.put(e.getKey(), v);
                    }
                }
            });
            body.remove(List.of("id", "orgId", "version", "secureJsonFields", "readOnly"));
            body.set("secureJsonData", secure);
            datasources.add(body);
        }
        List<ObjectNode> points = new ArrayList<>();
        for (JsonNode cp : read("alerting/contact-points.json")) {
            ObjectNode body = ((ObjectNode) cp).deepCopy();
            ObjectNode settings = (ObjectNode) body.path("settings");
            if (grafana.alerting().contactPoints().stream().noneMatch(p -> p.path("uid").asString("").equals(cp.path("uid").asString("")))) {
                for (var e : cp.path("settings").properties()) {
                    if ("[REDACTED]".equals(e.getValue().asString(""))) {
                        String v = secrets.get("contactPoints", cp.path("uid").asString(""), e.getKey());
                        if (v != null) {
                            settings.put(e.getKey(), v);
                        }
                    }
                }
            }
            body.remove(List.of("provenance"));
            points.add(body);
        }
        if (dryRun && !secrets.missing().isEmpty()) {
            report.add(PART, "secrets", Action.FAILED, "a restore would need --secrets for " + String.join(", ", secrets.missing()));
        } else {
            secrets.requireAll();
        }
        folders();
        datasources.forEach(this::datasource);
        for (JsonNode lp : read("library-panels.json")) {
            libraryPanel(lp);
        }
        for (JsonNode entry : read("dashboards.json")) {
            dashboard(entry);
        }
        new GrafanaAlertingRestore(grafana.alerting(), dryRun, force, report).run(read("alerting/mute-timings.json"),
                read("alerting/templates.json"), points, read("alerting/policies.json"), read("alerting/rules.json"));
    }

    private void folders() throws IOException {
        for (JsonNode f : read("folders.json")) {
            String uid = f.path("uid").asString("");
            String title = f.path("title").asString("");
            String parent = f.path("parentUid").isString() ? f.path("parentUid").asString() : null;
            Optional<Folder> live = objects.folder(uid);
            if (live.isPresent()) {
                boolean sameTitle = live.get().title().equals(title);
                boolean sameParent = java.util.Objects.equals(live.get().parentUid(), parent);
                if (sameTitle && sameParent) {
                    report.add(PART, "folder " + uid, Action.UNCHANGED, title);
                } else if (force) {
                    if (!dryRun && !sameTitle) {
                        grafana.put("/api/folders/" + GrafanaClient.segment(uid), java.util.Map.of("title", title, "overwrite", true));
                    }
                    if (!dryRun && !sameParent) {
                        grafana.post("/api/folders/" + GrafanaClient.segment(uid) + "/move", java.util.Map.of("parentUid", parent == null ? "" : parent));
                    }
                    report.add(PART, "folder " + uid, Action.REPLACE, title + (parent == null ? "" : " under " + parent));
                } else {
                    report.add(PART, "folder " + uid, Action.KEPT, "exists as '" + live.get().title() + "'"
                            + (live.get().parentUid() == null ? " at the root" : " under " + live.get().parentUid()));
                }
                continue;
            }
            if (!dryRun) {
                objects.createFolder(uid, title, parent);
                var list = Json.mapper().createArrayNode();
                for (JsonNode p : f.path("permissions")) {
                    ObjectNode item = Json.mapper().createObjectNode();
                    for (String k : List.of("role", "teamId", "userId")) {
                        JsonNode v = p.path(k);
                        if (v.isString() && !v.asString().isEmpty() || v.isNumber() && v.asLong() != 0) {
                            item.set(k, v);
                        }
                    }
                    item.put("permission", p.path("permission").asInt());
                    list.add(item);
                }
                if (!list.isEmpty()) {
                    objects.setFolderPermissions(uid, list);
                }
            }
            report.add(PART, "folder " + uid, Action.CREATE, title + (parent == null ? "" : " under " + parent));
        }
    }

    private void datasource(ObjectNode body) {
        String uid = body.path("uid").asString("");
        Optional<JsonNode> live = objects.datasource(uid);
        if (live.isEmpty()) {
            if (!dryRun) {
                objects.createDatasource(body);
            }
            report.add(PART, "datasource " + uid, Action.CREATE, body.path("name").asString("") + " (" + body.path("type").asString("") + ")");
            return;
        }
        boolean same = live.get().path("url").equals(body.path("url")) && live.get().path("type").equals(body.path("type"))
                && live.get().path("name").equals(body.path("name"));
        report.add(PART, "datasource " + uid, same ? Action.UNCHANGED : Action.KEPT, same ? body.path("name").asString("")
                : "exists with other settings (restore keeps a live datasource and its secrets)");
    }

    private void libraryPanel(JsonNode lp) {
        String uid = lp.path("uid").asString("");
        Optional<JsonNode> live = objects.libraryPanel(uid);
        ObjectNode body = Json.mapper().createObjectNode().put("uid", uid).put("name", lp.path("name").asString(""))
                .put("kind", lp.path("kind").asInt(1));
        if (!lp.path("folderUid").asString("").isEmpty()) {
            body.put("folderUid", lp.path("folderUid").asString());
        }
        body.set("model", lp.path("model"));
        if (live.isEmpty()) {
            if (!dryRun) {
                objects.createLibraryPanel(body);
            }
            report.add(PART, "library panel " + uid, Action.CREATE, lp.path("name").asString(""));
        } else if (live.get().path("model").equals(lp.path("model"))) {
            report.add(PART, "library panel " + uid, Action.UNCHANGED, lp.path("name").asString(""));
        } else if (force) {
            if (!dryRun) {
                body.put("version", live.get().path("version").asInt());
                grafana.send("PATCH", "/api/library-elements/" + GrafanaClient.segment(uid), body, java.util.Map.of());
            }
            report.add(PART, "library panel " + uid, Action.REPLACE, lp.path("name").asString(""));
        } else {
            report.add(PART, "library panel " + uid, Action.KEPT, "exists with another model");
        }
    }

    private void dashboard(JsonNode entry) throws IOException {
        String uid = entry.path("uid").asString("");
        String file = entry.path("file").asString("");
        DashboardDoc doc = DashboardDoc.parse(Json.mapper().readTree(Files.readAllBytes(set.resolve(file))));
        if (doc == null) {
            report.add(PART, "dashboard " + uid, Action.FAILED, file + " holds no dashboard");
            return;
        }
        if (doc.v2()) {
            new DashboardV2Restore(grafana.dashboardResources(), dryRun, force, report).restore(uid, doc);
            return;
        }
        JsonNode model = doc.model();
        String folder = doc.folderUid();
        Optional<GrafanaObjects.Dashboard> live;
        boolean liveV2 = false;
        try {
            live = objects.dashboard(uid);
        } catch (GrafanaError e) {
            if (e.status() != 406) {
                throw e;
            }
            live = Optional.empty();
            liveV2 = true; // the uid exists, stored in schema v2: never equal to a classic model
        }
        String title = model.path("title").asString("");
        if (live.isEmpty() && !liveV2) {
            if (!dryRun) {
                objects.saveDashboard(model, folder, false, "restored by obs");
            }
            report.add(PART, "dashboard " + uid, Action.CREATE, title + (folder == null ? "" : " in " + folder));
        } else if (!liveV2 && sameDashboard(live.get().model(), model) && java.util.Objects.equals(live.get().folderUid(), folder)) {
            report.add(PART, "dashboard " + uid, Action.UNCHANGED, title);
        } else if (force) {
            if (!dryRun) {
                objects.saveDashboard(model, folder, true, "restored by obs");
            }
            report.add(PART, "dashboard " + uid, Action.REPLACE, title + (folder == null ? "" : " in " + folder));
        } else {
            report.add(PART, "dashboard " + uid, Action.KEPT, liveV2 ? "exists in schema v2 and differs from the set"
                    : "exists and differs from the set");
        }
    }

    /** Equal but for the fields Grafana sets on every save. */
    static boolean sameDashboard(JsonNode a, JsonNode b) {
        ObjectNode x = ((ObjectNode) a).deepCopy();
        ObjectNode y = ((ObjectNode) b).deepCopy();
        x.remove(List.of("id", "version"));
        y.remove(List.of("id", "version"));
        return x.equals(y);
    }
}
