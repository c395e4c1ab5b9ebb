package obs.grafana;

import static obs.grafana.GrafanaClient.elements;
import static obs.grafana.GrafanaClient.query;
import static obs.grafana.GrafanaClient.segment;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import obs.core.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Dashboards, folders, search, datasources and library panels, by uid, with the paging each endpoint has. */
public final class GrafanaObjects {
    /** Search's default page size; the server's maximum is 5000 (422 beyond). */
    public static final int SEARCH_PAGE = 1000;
    /** The folder list's page size. */
    static final int FOLDER_PAGE = 1000;
    /** The library-element list's page size. */
    static final int LIBRARY_PAGE = 100;
    /** Grafana's hard maximum nesting depth is 7 (older 8): deeper means the server loops. */
    static final int MAX_DEPTH = 8;

    private final GrafanaClient client;

    GrafanaObjects(GrafanaClient client) {
        this.client = client;
    }

    /** {@code GET /api/health}: answered without credentials; 503 when Grafana's database fails. */
    public record Health(int status, String database, String version) {
        public boolean ok() {
            return status == 200 && "ok".equals(database);
        }
    }

    /** One search hit. {@code folderUid} is null at the root. */
    public record SearchHit(String uid, String title, String type, String folderUid, List<String> tags) {
    }

    /** A folder and its parent (null at the root). */
    public record Folder(String uid, String title, String parentUid) {
    }

    /** A dashboard's JSON model and where it lives (folderUid null at the root). */
    public record Dashboard(JsonNode model, String folderUid, boolean provisioned) {
        public String uid() {
            return model.path("uid").asString("");
        }
    }

    /** What {@code GET /api/datasources/uid/:uid/health} said; {@code known} is false for an unknown uid (500). */
    public record DatasourceHealth(int httpStatus, boolean known, String status, String message) {
        public boolean ok() {
            return httpStatus == 200 && "OK".equals(status);
        }
    }

    public Health health() {
        GrafanaClient.Reply r = client.send("GET", "/api/health", null, Map.of());
        return new Health(r.status(), r.body().path("database").asString(""), r.body().path("version").asString(""));
    }

    /**
     * Every dashboard ({@code type=dash-db}), paging {@code /api/search} until a page holds fewer than {@code pageSize}
     * hits (the endpoint returns no total). A server that ignores {@code page} would repeat itself forever: a page
     * with no new uid stops the walk with an error instead.
     */
    public List<SearchHit> dashboards(int pageSize) {
        List<SearchHit> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int page = 1; ; page++) {
            String path = "/api/search" + query("type", "dash-db", "limit", pageSize, "page", page);
            List<JsonNode> hits = elements(client.get(path));
            boolean fresh = false;
            for (JsonNode h : hits) {
                String uid = h.path("uid").asString("");
                if (seen.add(uid)) {
                    fresh = true;
                    all.add(new SearchHit(uid, h.path("title").asString(""), h.path("type").asString(""),
                            text(h, "folderUid"), tags(h)));
                }
            }
            if (hits.size() < pageSize) {
                return all;
            }
            if (!fresh) {
                throw new GrafanaError(200, "Grafana returned the same search page twice (page " + page + " of "
                        + path + "): it does not page; stopping");
            }
        }
    }

    /**
     * Every folder, parents before children: {@code GET /api/folders?parentUid=} lists only the immediate children
     * of one folder (no parentUid: the root), so the tree is walked breadth first.
     */
    public List<Folder> folders() {
        List<Folder> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Deque<Folder> level = new ArrayDeque<>();
        level.add(new Folder(null, "", null));
        for (int depth = 0; !level.isEmpty(); depth++) {
            if (depth > MAX_DEPTH) {
                throw new GrafanaError(200, "Grafana's folders nest deeper than " + MAX_DEPTH + " levels (a loop?)");
            }
            Deque<Folder> next = new ArrayDeque<>();
            for (Folder parent : level) {
                for (int page = 1; ; page++) {
                    List<JsonNode> children = elements(client.get("/api/folders"
                            + query("parentUid", parent.uid(), "limit", FOLDER_PAGE, "page", page)));
                    for (JsonNode c : children) {
                        Folder f = new Folder(c.path("uid").asString(""), c.path("title").asString(""), parent.uid());
                        if (seen.add(f.uid())) {
                            all.add(f);
                            next.add(f);
                        }
                    }
                    if (children.size() < FOLDER_PAGE) {
                        break;
                    }
                }
            }
            level = next;
        }
        return all;
    }

    /** {@code GET /api/folders/:uid/permissions}: who may view, edit or administer it. */
    public JsonNode folderPermissions(String uid) {
        return client.get("/api/folders/" + segment(uid) + "/permissions");
    }

    /** Creates a folder with its uid under {@code parentUid} (null: the root). */
    public JsonNode createFolder(String uid, String title, String parentUid) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("uid", uid);
        body.put("title", title);
        if (parentUid != null) {
            body.put("parentUid", parentUid);
        }
        return client.post("/api/folders", body);
    }

    /** A folder by uid, empty when there is none. */
    public Optional<Folder> folder(String uid) {
        return client.find("/api/folders/" + segment(uid)).map(f -> new Folder(f.path("uid").asString(""),
                f.path("title").asString(""), text(f, "parentUid")));
    }

    /** Sets a folder's permissions ({@code items}: role/teamId/userId with permission 1, 2 or 4). */
    public void setFolderPermissions(String uid, JsonNode items) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("items", items);
        client.post("/api/folders/" + segment(uid) + "/permissions", body);
    }

    /**
     * A dashboard by uid; empty when there is none. A dashboard stored in schema v2 answers 406 on this classic
     * route: that is a {@link GrafanaError} with status 406 whose message names the /apis route to read it through
     * ({@link DashboardResources}), never an empty answer.
     */
    public Optional<Dashboard> dashboard(String uid) {
        return client.find("/api/dashboards/uid/" + segment(uid)).map(d -> new Dashboard(d.path("dashboard"),
                text(d.path("meta"), "folderUid"), d.path("meta").path("provisioned").asBoolean(false)));
    }

    /**
     * Saves a dashboard into {@code folderUid} (null: root). Without {@code overwrite}, Grafana answers 412 when the
     * uid exists with another version; the numeric id is dropped so the uid alone decides.
     */
    public JsonNode saveDashboard(JsonNode model, String folderUid, boolean overwrite, String message) {
        if (!(model instanceof ObjectNode source)) {
            throw new GrafanaError(0, "a dashboard model must be a JSON object");
        }
        ObjectNode dashboard = source.deepCopy();
        dashboard.remove("id");
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("dashboard", dashboard);
        if (folderUid != null) {
            body.put("folderUid", folderUid);
        }
        body.put("overwrite", overwrite);
        body.put("message", message);
        return client.post("/api/dashboards/db", body);
    }

    /** Every datasource ({@code GET /api/datasources}, no paging): secrets appear only as {@code secureJsonFields}. */
    public List<JsonNode> datasources() {
        return elements(client.get("/api/datasources"));
    }

    public Optional<JsonNode> datasource(String uid) {
        return client.find("/api/datasources/uid/" + segment(uid));
    }

    public JsonNode createDatasource(JsonNode datasource) {
        return client.post("/api/datasources", datasource);
    }

    /** The plugin's health check; an unknown uid is a 500 ({@code known=false}), a failing backend a 400. */
    public DatasourceHealth datasourceHealth(String uid) {
        GrafanaClient.Reply r = client.send("GET", "/api/datasources/uid/" + segment(uid) + "/health", null, Map.of());
        if (r.status() == 401 || r.status() == 403) {
            throw client.error(r, "GET", "/api/datasources/uid/" + uid + "/health");
        }
        return new DatasourceHealth(r.status(), r.status() != 500, r.body().path("status").asString(""), r.message());
    }

    /** Every library panel ({@code kind=1}), paged by {@code perPage} against the reported {@code totalCount}. */
    public List<JsonNode> libraryPanels() {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode result = client.get("/api/library-elements" + query("kind", 1, "perPage", LIBRARY_PAGE, "page", page))
                    .path("result");
            List<JsonNode> elements = elements(result.path("elements"));
            all.addAll(elements);
            if (elements.isEmpty() || all.size() >= result.path("totalCount").asInt(0)) {
                return all;
            }
        }
    }

    public Optional<JsonNode> libraryPanel(String uid) {
        return client.find("/api/library-elements/" + segment(uid)).map(r -> r.path("result"));
    }

    /** Creates a library panel: {@code uid, folderUid, name, model, kind}. */
    public JsonNode createLibraryPanel(JsonNode element) {
        return client.post("/api/library-elements", element);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isString() && !v.asString().isEmpty() ? v.asString() : null;
    }

    private static List<String> tags(JsonNode hit) {
        return elements(hit.path("tags")).stream().map(t -> t.asString("")).toList();
    }
}
