package obs.fakes;

import static obs.fakes.GrafanaFake.object;

import java.util.List;
import java.util.Map;
import obs.fakes.GrafanaFake.Answer;
import obs.fakes.GrafanaFake.Call;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The app-platform dashboards API ({@code /apis/dashboard.grafana.app/v1|v1beta1|v2beta1|v2/namespaces/default/dashboards})
 * over the same store as the classic routes (a save through a v2 version stores the dashboard in schema v2, so the
 * classic route then answers 406; through v1 in the classic schema): metadata.name is the dashboard uid, the folder an annotation, resourceVersion
 * the dashboard's version; errors are Kubernetes Status objects; lists page with limit/continue.
 */
final class GrafanaFakeApps {
    private static final String FOLDER = "grafana.app/folder";
    /** Classic JSON model in spec (v1, 12.x v1beta1); schema v2 (v2beta1, 13.x v2). */
    private static final List<String> VERSIONS = List.of("v1", "v1beta1", "v2beta1", "v2");
    private final GrafanaFakeCatalog catalog;

    GrafanaFakeApps(GrafanaFakeCatalog catalog) {
        this.catalog = catalog;
    }

    Answer handle(Call c) {
        // apis / dashboard.grafana.app / VERSION / namespaces / NS / dashboards [/ name]
        if (c.path().size() < 6 || !"dashboard.grafana.app".equals(c.seg(1)) || !VERSIONS.contains(c.seg(2))
                || !"namespaces".equals(c.seg(3)) || !"dashboards".equals(c.seg(5))) {
            return status(404, "NotFound", "the server could not find the requested resource");
        }
        if (!"default".equals(c.seg(4))) {
            return status(404, "NotFound", "namespace " + c.seg(4) + " not found");
        }
        String version = c.seg(2);
        String name = c.seg(6);
        if (name == null) {
            return switch (c.method()) {
                case "GET" -> list(c, version);
                case "POST" -> create(c.body(), version);
                default -> status(405, "MethodNotAllowed", "method not allowed");
            };
        }
        JsonNode model = catalog.model(name);
        if (model == null) {
            return notFound(name);
        }
        return switch (c.method()) {
            case "GET" -> Answer.json(200, resource(name, version));
            case "PUT" -> {
                String rv = c.body().path("metadata").path("resourceVersion").asString("");
                if (!rv.isEmpty() && !rv.equals(model.path("version").asString(""))) {
                    yield status(409, "Conflict", "the object has been modified; please apply your changes to the latest version and try again");
                }
                yield Answer.json(200, store(name, c.body(), version));
            }
            case "DELETE" -> {
                catalog.deleteDashboard(name);
                ObjectNode s = object().put("kind", "Status").put("apiVersion", "v1").put("status", "Success");
                s.putObject("details").put("name", name).put("group", "dashboard.grafana.app").put("kind", "dashboards");
                yield Answer.json(200, s);
            }
            default -> status(405, "MethodNotAllowed", "method not allowed");
        };
    }

    private Answer list(Call c, String version) {
        List<String> uids = catalog.dashboardUids();
        int limit = c.intParam("limit", 500);
        int from = c.param("continue") == null ? 0 : Integer.parseInt(c.param("continue"));
        ObjectNode list = object().put("kind", "DashboardList").put("apiVersion", "dashboard.grafana.app/" + version);
        ObjectNode meta = list.putObject("metadata");
        var items = list.putArray("items");
        int to = Math.min(uids.size(), from + limit);
        uids.subList(Math.min(from, uids.size()), to).forEach(u -> items.add(resource(u, version)));
        if (to < uids.size()) {
            meta.put("continue", String.valueOf(to));
        }
        return Answer.json(200, list);
    }

    private Answer create(JsonNode body, String version) {
        String name = body.path("metadata").path("name").asString("");
        if (name.isEmpty() && !body.path("metadata").path("generateName").asString("").isEmpty()) {
            name = body.path("metadata").path("generateName").asString() + Long.toString(System.nanoTime() % 100000, 36);
        }
        if (name.isEmpty() || !body.path("spec").isObject()) {
            return status(400, "BadRequest", "metadata.name and spec are required");
        }
        if (catalog.model(name) != null) {
            return status(409, "AlreadyExists", "dashboards.dashboard.grafana.app \"" + name + "\" already exists");
        }
        String folder = body.path("metadata").path("annotations").path(FOLDER).asString("");
        if (!folder.isEmpty() && !catalog.folderExists(folder)) {
            return status(400, "BadRequest", "folder " + folder + " not found");
        }
        return Answer.json(201, store(name, body, version));
    }

    private ObjectNode store(String name, JsonNode body, String version) {
        ObjectNode model = ((ObjectNode) body.path("spec")).deepCopy();
        model.put("uid", name);
        String folder = body.path("metadata").path("annotations").path(FOLDER).asString("");
        catalog.saveModel(model, folder.isEmpty() ? null : folder, version.startsWith("v2"));
        return resource(name, version);
    }

    private ObjectNode resource(String name, String version) {
        JsonNode model = catalog.model(name);
        ObjectNode r = object().put("kind", "Dashboard").put("apiVersion", "dashboard.grafana.app/" + version);
        ObjectNode meta = r.putObject("metadata").put("name", name).put("namespace", "default")
                .put("uid", "k8s-" + name).put("resourceVersion", model.path("version").asString("1"))
                .put("generation", model.path("version").asInt(1)).put("creationTimestamp", GrafanaFake.now());
        String folder = catalog.dashboardFolder(name);
        ObjectNode annotations = meta.putObject("annotations").put("grafana.app/createdBy", "user:admin");
        if (folder != null) {
            annotations.put(FOLDER, folder);
        }
        meta.putObject("labels").put("grafana.app/deprecatedInternalID", model.path("id").asString(""));
        ObjectNode spec = ((ObjectNode) model).deepCopy();
        spec.remove(List.of("uid", "id", "version"));
        r.set("spec", spec);
        r.putObject("status");
        return r;
    }

    /** Kubernetes' NotFound for an object names it in details (a 404 for an unknown route has none). */
    private static Answer notFound(String name) {
        ObjectNode s = object().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
                .put("message", "dashboards.dashboard.grafana.app \"" + name + "\" not found").put("reason", "NotFound").put("code", 404);
        s.putObject("details").put("name", name).put("group", "dashboard.grafana.app").put("kind", "dashboards");
        return Answer.json(404, s);
    }

    private static Answer status(int code, String reason, String message) {
        return Answer.json(code, Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure", "reason", reason, "code", code,
                "message", message));
    }
}
