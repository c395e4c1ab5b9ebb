package obs.fakes;

import static obs.fakes.GrafanaFake.object;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import obs.fakes.GrafanaFake.Answer;
import obs.fakes.GrafanaFake.Call;
import obs.core.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The fake's folders, classic dashboards and search (contract sections "Classic dashboards", "Folders", "GET /api/search"). */
final class GrafanaFakeCatalog {
    static final int MAX_DEPTH = 4;
    private final GrafanaFake fake;
    final Map<String, Folder> folders = new LinkedHashMap<>();
    final Map<String, Dash> dashboards = new LinkedHashMap<>();
    private final Set<String> schemaV2 = new HashSet<>();
    /** The version the 406 names. */
    volatile String v2Version = "v2";

    static final class Folder {
        int id;
        String uid;
        String title;
        String parentUid;
        int version = 1;
        String created = GrafanaFake.now();
        ArrayNode permissions = Json.mapper().createArrayNode();
    }

    static final class Dash {
        int id;
        ObjectNode model;
        String folderUid;
        int version;
        String created = GrafanaFake.now();
        String updated = created;
    }

    GrafanaFakeCatalog(GrafanaFake fake) {
        this.fake = fake;
    }

    synchronized void addFolder(String uid, String title, String parentUid) {
        Folder f = new Folder();
        f.id = fake.nextId();
        f.uid = uid;
        f.title = title;
        f.parentUid = parentUid;
        ObjectNode viewer = object().put("role", "Viewer").put("permission", 1).put("permissionName", "View");
        ObjectNode editor = object().put("role", "Editor").put("permission", 2).put("permissionName", "Edit");
        f.permissions.add(viewer);
        f.permissions.add(editor);
        folders.put(uid, f);
    }

    synchronized void addDashboard(String uid, String title, String folderUid, List<String> tags, String datasourceUid) {
        ObjectNode model = object().put("uid", uid).put("title", title).put("schemaVersion", 41);
        ArrayNode t = model.putArray("tags");
        tags.forEach(t::add);
        ArrayNode panels = model.putArray("panels");
        ObjectNode panel = panels.addObject().put("id", 1).put("type", "timeseries").put("title", "Requests");
        if (datasourceUid != null) {
            panel.putObject("datasource").put("type", "prometheus").put("uid", datasourceUid);
            panel.putArray("targets").addObject().put("refId", "A").put("expr", "up")
                    .putObject("datasource").put("type", "prometheus").put("uid", datasourceUid);
        }
        save(model, folderUid);
    }

    synchronized void markV2(String uid) {
        schemaV2.add(uid);
    }

    synchronized boolean isV2(String uid) {
        return schemaV2.contains(uid);
    }

    /** A schema-v2 spec (dashboardv2beta1/v2 shape: elements, layout, DataQuery kinds naming datasources by name). */
    synchronized void addDashboardV2(String uid, String title, String folderUid, String datasourceUid) {
        ObjectNode spec = object().put("uid", uid).put("title", title).put("cursorSync", "Off").put("editable", true);
        spec.putArray("tags");
        spec.putArray("links");
        spec.putArray("annotations");
        spec.putArray("variables");
        spec.putObject("timeSettings").put("from", "now-6h").put("to", "now").put("timezone", "browser");
        ObjectNode panel = spec.putObject("elements").putObject("panel-1").put("kind", "Panel").putObject("spec")
                .put("id", 1).put("title", "Requests").put("description", "");
        panel.putArray("links");
        ObjectNode group = panel.putObject("data").put("kind", "QueryGroup").putObject("spec");
        ObjectNode query = group.putArray("queries").addObject().put("kind", "PanelQuery").putObject("spec")
                .put("refId", "A").put("hidden", false).putObject("query").put("kind", "DataQuery").put("group", "prometheus").put("version", "v0");
        if (datasourceUid != null) {
            query.putObject("datasource").put("name", datasourceUid);
        }
        query.putObject("spec").put("expr", "up");
        group.putArray("transformations");
        group.putObject("queryOptions");
        panel.putObject("vizConfig").put("kind", "VizConfig").put("group", "timeseries").put("version", "13.1.0")
                .putObject("spec").putObject("options");
        spec.putObject("layout").put("kind", "GridLayout").putObject("spec").putArray("items").addObject().put("kind", "GridLayoutItem")
                .putObject("spec").put("x", 0).put("y", 0).put("width", 12).put("height", 8)
                .putObject("element").put("kind", "ElementReference").put("name", "panel-1");
        save(spec, folderUid);
        schemaV2.add(uid);
    }

    synchronized JsonNode model(String uid) {
        Dash d = dashboards.get(uid);
        return d == null ? null : d.model.deepCopy();
    }

    /** For the app-platform API: the uids in name order, a dashboard's folder, a save, a delete. */
    synchronized List<String> dashboardUids() {
        return dashboards.keySet().stream().sorted().toList();
    }

    synchronized String dashboardFolder(String uid) {
        return dashboards.containsKey(uid) ? dashboards.get(uid).folderUid : null;
    }

    /** A save through the app-platform API: a v2 version stores the dashboard in schema v2, v1 in the classic schema. */
    synchronized JsonNode saveModel(ObjectNode model, String folderUid, boolean v2) {
        Dash d = save(model, folderUid);
        if (v2) {
            schemaV2.add(d.model.path("uid").asString(""));
        } else {
            schemaV2.remove(d.model.path("uid").asString(""));
        }
        return d.model.deepCopy();
    }

    synchronized boolean deleteDashboard(String uid) {
        return dashboards.remove(uid) != null;
    }

    synchronized int dashboardCount() {
        return dashboards.size();
    }

    synchronized int folderCount() {
        return folders.size();
    }

    synchronized boolean folderExists(String uid) {
        return folders.containsKey(uid);
    }

    synchronized String folderTitle(String uid) {
        Folder f = folders.get(uid);
        return f == null ? null : f.title;
    }

    /** The title path of a folder, root first, as alerting exports write it. */
    synchronized String titlePath(String uid) {
        List<String> titles = new ArrayList<>();
        for (Folder f = folders.get(uid); f != null; f = f.parentUid == null ? null : folders.get(f.parentUid)) {
            titles.addFirst(f.title);
        }
        return String.join("/", titles);
    }

    Answer handle(Call c) {
        String area = c.seg(1);
        return switch (area) {
            case "search" -> new GrafanaFakeSearch(this).search(c);
            case "dashboards" -> dashboards(c);
            default -> folders(c);
        };
    }

    static String slug(String title) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    private Answer dashboards(Call c) {
        if ("POST".equals(c.method()) && "db".equals(c.seg(2)) && c.path().size() == 3) {
            return saveCall(c.body());
        }
        if ("tags".equals(c.seg(2)) && "GET".equals(c.method())) {
            Map<String, Integer> counts = new java.util.TreeMap<>();
            dashboards.values().forEach(d -> GrafanaFakeSearch.tagsOf(d).forEach(t -> counts.merge(t, 1, Integer::sum)));
            List<Map<String, Object>> out = new ArrayList<>();
            counts.forEach((t, n) -> out.add(Map.of("term", t, "count", n)));
            return Answer.json(200, out);
        }
        if (!"uid".equals(c.seg(2)) || c.path().size() != 4) {
            return Answer.message(404, "Not found");
        }
        String uid = c.seg(3);
        Dash d = dashboards.get(uid);
        if (d == null) {
            return Answer.message(404, "Dashboard not found");
        }
        switch (c.method()) {
            case "GET" -> {
                if (schemaV2.contains(uid)) {
                    return Answer.message(406, "dashboard api version not supported, use /apis/dashboard.grafana.app/" + v2Version
                            + "/namespaces/default/dashboards/" + uid + " instead");
                }
                ObjectNode meta = object().put("type", "db").put("slug", slug(d.model.path("title").asString("")))
                        .put("url", "/d/" + uid + "/" + slug(d.model.path("title").asString("")));
                Folder f = d.folderUid == null ? null : folders.get(d.folderUid);
                if (f != null) {
                    meta.put("folderUid", f.uid).put("folderTitle", f.title);
                } else {
                    meta.put("folderTitle", "General");
                }
                meta.put("version", d.version).put("canSave", true).put("provisioned", false).put("created", d.created).put("updated", d.updated);
                ObjectNode out = object();
                out.set("dashboard", d.model.deepCopy());
                out.set("meta", meta);
                return Answer.json(200, out);
            }
            case "DELETE" -> {
                dashboards.remove(uid);
                String title = d.model.path("title").asString("");
                return Answer.json(200, Map.of("title", title, "message", "Dashboard " + title + " deleted", "uid", uid));
            }
            default -> {
                return Answer.message(405, "Method not allowed");
            }
        }
    }

    private Answer saveCall(JsonNode body) {
        if (!(body.path("dashboard") instanceof ObjectNode model)) {
            return Answer.message(400, "bad request data");
        }
        if (model.path("title").asString("").isBlank()) {
            return Answer.message(400, "Dashboard title cannot be empty");
        }
        String folderUid = body.path("folderUid").asString("");
        if (!folderUid.isEmpty() && !folders.containsKey(folderUid)) {
            return Answer.message(404, "Folder not found");
        }
        String uid = model.path("uid").asString("");
        Dash existing = uid.isEmpty() ? null : dashboards.get(uid);
        boolean overwrite = body.path("overwrite").asBoolean(false);
        if (existing != null && !model.path("id").isMissingNode() && !model.path("id").isNull()
                && model.path("id").asInt() != existing.id) {
            return Answer.message(400, "A dashboard with the same uid already exists");
        }
        if (existing != null && !overwrite && model.path("version").asInt(-1) != existing.version) {
            return Answer.json(412, Map.of("status", "version-mismatch", "message", "The dashboard has been changed by someone else"));
        }
        Dash d = save(model.deepCopy(), folderUid.isEmpty() ? null : folderUid);
        String u = d.model.path("uid").asString("");
        schemaV2.remove(u); // saved through the classic API: stored in the classic schema
        String s = slug(d.model.path("title").asString(""));
        ObjectNode out = object().put("id", d.id).put("uid", u).put("url", "/d/" + u + "/" + s).put("status", "success")
                .put("version", d.version).put("slug", s);
        if (d.folderUid != null) {
            out.put("folderUid", d.folderUid);
        }
        return Answer.json(200, out);
    }

    private Dash save(ObjectNode model, String folderUid) {
        String uid = model.path("uid").asString("");
        if (uid.isEmpty()) {
            uid = UUID.randomUUID().toString().substring(0, 14);
            model.put("uid", uid);
        }
        Dash d = dashboards.get(uid);
        if (d == null) {
            d = new Dash();
            d.id = fake.nextId();
            dashboards.put(uid, d);
        } else {
            d.updated = GrafanaFake.now();
        }
        d.version++;
        model.put("id", d.id).put("version", d.version);
        d.model = model;
        d.folderUid = folderUid;
        return d;
    }

    private Answer folders(Call c) {
        String uid = c.seg(2);
        if (uid == null) {
            return switch (c.method()) {
                case "GET" -> listFolders(c);
                case "POST" -> createFolder(c.body());
                default -> Answer.message(405, "Method not allowed");
            };
        }
        Folder f = folders.get(uid);
        if (f == null) {
            return Answer.message(404, "Folder not found");
        }
        if ("move".equals(c.seg(3)) && "POST".equals(c.method())) {
            String parent = c.body().path("parentUid").asString("");
            if (!parent.isEmpty() && (!folders.containsKey(parent) || depth(parent) + 1 > MAX_DEPTH)) {
                return parent.isEmpty() || folders.containsKey(parent) ? Answer.json(400, Map.of("messageId", "folder.maximum-depth-reached",
                        "message", "Maximum nested folder depth reached")) : Answer.message(404, "Folder not found");
            }
            f.parentUid = parent.isEmpty() ? null : parent;
            f.version++;
            return Answer.json(200, folderJson(f));
        }
        if ("permissions".equals(c.seg(3))) {
            if ("POST".equals(c.method())) {
                f.permissions = c.body().path("items") instanceof ArrayNode items ? items.deepCopy() : Json.mapper().createArrayNode();
                return Answer.message(200, "Folder permissions updated");
            }
            return Answer.json(200, f.permissions);
        }
        return switch (c.method()) {
            case "GET" -> Answer.json(200, folderJson(f));
            case "PUT" -> {
                if (!c.body().path("overwrite").asBoolean(false) && c.body().path("version").asInt(-1) != f.version) {
                    yield Answer.json(412, Map.of("status", "version-mismatch", "message", "the folder has been changed by someone else"));
                }
                f.title = c.body().path("title").asString(f.title);
                f.version++;
                yield Answer.json(200, folderJson(f));
            }
            case "DELETE" -> {
                deleteTree(uid);
                yield Answer.json(200, Map.of("message", "Folder deleted", "uid", uid, "title", f.title));
            }
            default -> Answer.message(405, "Method not allowed");
        };
    }

    private Answer listFolders(Call c) {
        String parent = c.param("parentUid");
        String p = parent == null || parent.isEmpty() ? null : parent;
        int limit = c.intParam("limit", 1000);
        int page = c.intParam("page", 1);
        List<ObjectNode> children = folders.values().stream().filter(f -> java.util.Objects.equals(f.parentUid, p))
                .sorted(Comparator.comparing((Folder f) -> f.title).thenComparing(f -> f.uid))
                .map(f -> object().put("id", f.id).put("uid", f.uid).put("title", f.title)).toList();
        int from = Math.min(children.size(), (page - 1) * limit);
        return Answer.json(200, children.subList(from, Math.min(children.size(), from + limit)));
    }

    private Answer createFolder(JsonNode body) {
        String uid = body.path("uid").asString("");
        String title = body.path("title").asString("");
        String parent = body.path("parentUid").asString("");
        if (title.isBlank()) {
            return Answer.message(400, "folder title cannot be empty");
        }
        if (!uid.isEmpty() && folders.containsKey(uid)) {
            return Answer.json(412, Map.of("status", "version-mismatch", "message", "the folder has been changed by someone else"));
        }
        if (!parent.isEmpty() && !folders.containsKey(parent)) {
            return Answer.message(404, "Folder not found");
        }
        if (!parent.isEmpty() && depth(parent) + 1 > MAX_DEPTH) {
            return Answer.json(400, Map.of("messageId", "folder.maximum-depth-reached", "message", "Maximum nested folder depth reached"));
        }
        String id = uid.isEmpty() ? UUID.randomUUID().toString().substring(0, 12) : uid;
        addFolder(id, title, parent.isEmpty() ? null : parent);
        return Answer.json(200, folderJson(folders.get(id)));
    }

    private int depth(String uid) {
        int n = 0;
        for (Folder f = folders.get(uid); f != null; f = f.parentUid == null ? null : folders.get(f.parentUid)) {
            n++;
        }
        return n;
    }

    private ObjectNode folderJson(Folder f) {
        ObjectNode o = object().put("id", f.id).put("uid", f.uid).put("title", f.title)
                .put("url", "/dashboards/f/" + f.uid + "/" + slug(f.title)).put("version", f.version);
        if (f.parentUid != null) {
            o.put("parentUid", f.parentUid);
            ArrayNode parents = o.putArray("parents");
            List<Folder> chain = new ArrayList<>();
            for (Folder p = folders.get(f.parentUid); p != null; p = p.parentUid == null ? null : folders.get(p.parentUid)) {
                chain.addFirst(p);
            }
            chain.forEach(p -> parents.addObject().put("uid", p.uid).put("title", p.title)
                    .put("url", "/dashboards/f/" + p.uid + "/" + slug(p.title)));
        }
        return o.put("canSave", true).put("created", f.created).put("updated", f.created);
    }

    private void deleteTree(String uid) {
        folders.values().stream().filter(f -> uid.equals(f.parentUid)).map(f -> f.uid).toList().forEach(this::deleteTree);
        dashboards.values().removeIf(d -> uid.equals(d.folderUid));
        folders.remove(uid);
    }
}
