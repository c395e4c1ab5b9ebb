package obs.backup;

import java.util.Optional;
import obs.core.Json;
import obs.grafana.DashboardResources;
import obs.grafana.DashboardResources.Route;
import obs.grafana.GrafanaError;
import obs.grafana.GrafanaObjects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One dashboard of a set (grafana/dashboards/UID.json), in the schema Grafana stores it in:
 * <ul>
 * <li>classic: {@code {"folderUid": F, "dashboard": MODEL}}, read and written through /api/dashboards;</li>
 * <li>schema v2: {@code {"folderUid": F, "apiVersion": "dashboard.grafana.app/v2", "namespace": NS, "resource": OBJECT}},
 * the app-platform object (metadata and spec) read through the route Grafana's 406 named, and written back there.</li>
 * </ul>
 *
 * @param model    the classic JSON model, or null for a schema-v2 dashboard
 * @param resource the schema-v2 object, or null for a classic dashboard
 * @param route    where a schema-v2 dashboard lives; null for a classic one
 */
record DashboardDoc(String folderUid, JsonNode model, JsonNode resource, Route route) {
    static final String SCHEMA_V2 = "v2";

    boolean v2() {
        return resource != null;
    }

    /** What holds the panels, queries and variables: the classic model, or the v2 object's spec. */
    JsonNode content() {
        return v2() ? resource.path("spec") : model;
    }

    String title() {
        return content().path("title").asString("");
    }

    /**
     * Fetches a dashboard by uid: through the classic route, or, when that answers 406 (stored in schema v2),
     * through the app-platform route the 406 names. Empty when it no longer exists.
     */
    static Optional<DashboardDoc> fetch(GrafanaObjects objects, DashboardResources resources, String uid) {
        try {
            return objects.dashboard(uid).map(d -> new DashboardDoc(d.folderUid(), d.model(), null, null));
        } catch (GrafanaError e) {
            if (e.status() != 406) {
                throw e;
            }
            Route route = Route.fromMessage(e.getMessage());
            return resources.get(route, uid).map(o -> {
                ObjectNode object = ((ObjectNode) o).deepCopy();
                object.remove("status");
                return new DashboardDoc(DashboardResources.folder(object), null, object, route);
            });
        }
    }

    ObjectNode toJson() {
        ObjectNode doc = Json.mapper().createObjectNode();
        doc.put("folderUid", folderUid);
        if (v2()) {
            doc.put("apiVersion", route.apiVersion());
            doc.put("namespace", route.namespace());
            doc.set("resource", resource);
        } else {
            doc.set("dashboard", model);
        }
        return doc;
    }

    /** A saved file's content, or null when it holds neither form. */
    static DashboardDoc parse(JsonNode doc) {
        String folder = doc.path("folderUid").isString() ? doc.path("folderUid").asString() : null;
        if (doc.path("resource").path("spec").isObject()) {
            return new DashboardDoc(folder, null, doc.path("resource"),
                    Route.of(doc.path("apiVersion").asString(""), doc.path("namespace").asString("")));
        }
        if (doc.path("dashboard").isObject()) {
            return new DashboardDoc(folder, doc.path("dashboard"), null, null);
        }
        return null;
    }
}
