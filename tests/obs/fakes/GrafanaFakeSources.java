package obs.fakes;

import static obs.fakes.GrafanaFake.object;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import obs.fakes.GrafanaFake.Answer;
import obs.fakes.GrafanaFake.Call;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The fake's datasources (by uid only: 13 disables the numeric-id routes) and library elements. */
final class GrafanaFakeSources {
    private static final Pattern UID = Pattern.compile("[a-zA-Z0-9_-]{1,40}");
    private static final Pattern NUMERIC = Pattern.compile("\\d+");
    private final GrafanaFake fake;
    private final Map<String, ObjectNode> datasources = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
    private final Set<String> failing = new HashSet<>();
    private final Map<String, ObjectNode> library = new LinkedHashMap<>();

    GrafanaFakeSources(GrafanaFake fake) {
        this.fake = fake;
    }

    synchronized void add(String uid, String name, String type, String url, Map<String, String> secure) {
        ObjectNode ds = object().put("name", name).put("type", type).put("uid", uid).put("url", url).put("access", "proxy");
        create(ds, secure);
    }

    synchronized void failing(String uid) {
        failing.add(uid);
    }

    synchronized Map<String, String> secrets(String uid) {
        return Map.copyOf(secrets.getOrDefault(uid, Map.of()));
    }

    synchronized void addLibraryPanel(String uid, String name, String folderUid) {
        ObjectNode model = object().put("type", "timeseries").put("title", name);
        ObjectNode e = object().put("uid", uid).put("name", name).put("kind", 1);
        if (folderUid != null) {
            e.put("folderUid", folderUid);
        }
        e.set("model", model);
        createElement(e);
    }

    Answer handle(Call c) {
        return "datasources".equals(c.seg(1)) ? datasources(c) : library(c);
    }

    private Answer datasources(Call c) {
        if (c.path().size() == 2) {
            return switch (c.method()) {
                case "GET" -> Answer.json(200, datasources.values().stream().map(GrafanaFakeSources::listed).toList());
                case "POST" -> post(c.body());
                default -> Answer.message(405, "Method not allowed");
            };
        }
        if (NUMERIC.matcher(c.seg(2)).matches() || !"uid".equals(c.seg(2)) || c.path().size() < 4) {
            // 13.0: datasource routes addressed by numeric id are disabled by default.
            return Answer.message(404, "Not found");
        }
        String uid = c.seg(3);
        if ("health".equals(c.seg(4))) {
            if (!UID.matcher(uid).matches()) {
                return Answer.message(400, "bad request data");
            }
            if (!datasources.containsKey(uid)) {
                return Answer.message(500, "Unable to load datasource metadata");
            }
            return failing.contains(uid)
                    ? Answer.json(400, Map.of("status", "ERROR", "message", "Unable to connect with Loki. Please check the server logs for more details."))
                    : Answer.json(200, Map.of("status", "OK", "message", "Data source successfully connected."));
        }
        ObjectNode ds = datasources.get(uid);
        if (ds == null) {
            return Answer.message(404, "Data source not found");
        }
        return switch (c.method()) {
            case "GET" -> Answer.json(200, detailed(ds, secrets.get(uid)));
            case "PUT" -> {
                if (ds.path("readOnly").asBoolean(false)) {
                    yield Answer.message(403, "Cannot update read-only data source");
                }
                ObjectNode updated = ((ObjectNode) c.body()).deepCopy();
                updated.remove("secureJsonData");
                ds.setAll(updated);
                ds.put("uid", uid).put("version", ds.path("version").asInt(1) + 1);
                secureOf(c.body()).forEach(secrets.get(uid)::put);
                yield Answer.json(200, Map.of("datasource", detailed(ds, secrets.get(uid)), "id", ds.path("id").asInt(),
                        "message", "Datasource updated", "name", ds.path("name").asString("")));
            }
            case "DELETE" -> {
                datasources.remove(uid);
                secrets.remove(uid);
                yield Answer.json(200, Map.of("message", "Data source deleted", "id", ds.path("id").asInt()));
            }
            default -> Answer.message(405, "Method not allowed");
        };
    }

    private Answer post(JsonNode body) {
        if (!(body instanceof ObjectNode o) || o.path("name").asString("").isBlank() || o.path("type").asString("").isBlank()) {
            return Answer.message(400, "bad request data");
        }
        String uid = o.path("uid").asString("");
        boolean duplicate = datasources.values().stream().anyMatch(d -> d.path("name").asString("").equals(o.path("name").asString(""))
                || d.path("uid").asString("").equals(uid));
        if (duplicate) {
            return Answer.message(409, "data source with the same name already exists");
        }
        ObjectNode ds = create(o.deepCopy(), secureOf(o));
        return Answer.json(200, Map.of("datasource", detailed(ds, secrets.get(ds.path("uid").asString(""))), "id", ds.path("id").asInt(),
                "message", "Datasource added", "name", ds.path("name").asString("")));
    }

    private ObjectNode create(ObjectNode ds, Map<String, String> secure) {
        ds.remove("secureJsonData");
        ds.remove("secureJsonFields");
        if (ds.path("uid").asString("").isEmpty()) {
            ds.put("uid", UUID.randomUUID().toString().substring(0, 14));
        }
        ds.put("id", fake.nextId()).put("orgId", 1).put("version", 1);
        if (!ds.has("access")) {
            ds.put("access", "proxy");
        }
        if (!ds.has("jsonData")) {
            ds.putObject("jsonData");
        }
        if (!ds.has("isDefault")) {
            ds.put("isDefault", false);
        }
        if (!ds.has("readOnly")) {
            ds.put("readOnly", false);
        }
        String uid = ds.path("uid").asString("");
        datasources.put(uid, ds);
        secrets.put(uid, new LinkedHashMap<>(secure));
        return ds;
    }

    private static Map<String, String> secureOf(JsonNode body) {
        Map<String, String> out = new LinkedHashMap<>();
        body.path("secureJsonData").properties().forEach(e -> out.put(e.getKey(), e.getValue().asString("")));
        return out;
    }

    private static ObjectNode listed(ObjectNode ds) {
        ObjectNode o = object();
        for (String f : List.of("id", "uid", "orgId", "name", "type", "access", "url", "isDefault", "jsonData", "readOnly")) {
            if (ds.has(f)) {
                o.set(f, ds.get(f).deepCopy());
            }
        }
        return o;
    }

    private static ObjectNode detailed(ObjectNode ds, Map<String, String> secure) {
        ObjectNode o = ds.deepCopy();
        o.put("withCredentials", false);
        ObjectNode fields = o.putObject("secureJsonFields");
        if (secure != null) {
            secure.keySet().forEach(k -> fields.put(k, true));
        }
        return o;
    }

    private Answer library(Call c) {
        if (c.path().size() == 2) {
            return switch (c.method()) {
                case "GET" -> listLibrary(c);
                case "POST" -> createElement(c.body());
                default -> Answer.message(405, "Method not allowed");
            };
        }
        String uid = c.seg(2);
        ObjectNode e = library.get(uid);
        if (e == null) {
            return Answer.message(404, "library element could not be found");
        }
        return switch (c.method()) {
            case "GET" -> Answer.json(200, Map.of("result", e));
            case "PATCH" -> {
                if (c.body().path("version").asInt(-1) != e.path("version").asInt()) {
                    yield Answer.message(412, "the library element has been changed by someone else");
                }
                ObjectNode patch = ((ObjectNode) c.body()).deepCopy();
                patch.remove("version");
                e.setAll(patch);
                e.put("version", e.path("version").asInt() + 1);
                yield Answer.json(200, Map.of("result", e));
            }
            case "DELETE" -> {
                library.remove(uid);
                yield Answer.json(200, Map.of("message", "Library element deleted", "id", e.path("id").asInt()));
            }
            default -> Answer.message(405, "Method not allowed");
        };
    }

    private Answer listLibrary(Call c) {
        int perPage = c.intParam("perPage", 100);
        int page = c.intParam("page", 1);
        String search = c.param("searchString") == null ? "" : c.param("searchString");
        String kind = c.param("kind");
        List<String> folderFilter = c.params("folderFilterUIDs");
        List<ObjectNode> all = new ArrayList<>(library.values().stream().filter(e -> e.path("name").asString("").contains(search))
                .filter(e -> kind == null || e.path("kind").asString("").equals(kind))
                .filter(e -> folderFilter.isEmpty() || folderFilter.contains(e.path("folderUid").asString(""))).toList());
        int from = Math.min(all.size(), (page - 1) * perPage);
        ObjectNode result = object().put("totalCount", all.size()).put("page", page).put("perPage", perPage);
        result.putArray("elements").addAll(all.subList(from, Math.min(all.size(), from + perPage)));
        return Answer.json(200, Map.of("result", result));
    }

    private Answer createElement(JsonNode body) {
        String uid = body.path("uid").asString("");
        String name = body.path("name").asString("");
        if (name.isBlank() || !(body.path("model") instanceof ObjectNode model)) {
            return Answer.message(400, "bad request data");
        }
        if (library.containsKey(uid) || library.values().stream().anyMatch(e -> e.path("name").asString("").equals(name)
                && e.path("folderUid").asString("").equals(body.path("folderUid").asString("")))) {
            return Answer.message(400, "library element with that name or UID already exists");
        }
        String folderUid = body.path("folderUid").asString("");
        if (!folderUid.isEmpty() && !fake.catalog.folderExists(folderUid)) {
            return Answer.message(400, "folder not found");
        }
        String id = uid.isEmpty() ? UUID.randomUUID().toString().substring(0, 12) : uid;
        ObjectNode e = object().put("id", fake.nextId()).put("orgId", 1).put("folderUid", folderUid).put("uid", id).put("name", name)
                .put("kind", body.path("kind").asInt(1)).put("type", model.path("type").asString("")).put("description", "");
        e.set("model", model.deepCopy());
        e.put("version", 1);
        ObjectNode meta = e.putObject("meta").put("folderName", folderUid.isEmpty() ? "General" : fake.catalog.folderTitle(folderUid))
                .put("folderUid", folderUid).put("connectedDashboards", 0).put("created", GrafanaFake.now()).put("updated", GrafanaFake.now());
        meta.putObject("createdBy").put("id", 1).put("name", "admin");
        library.put(id, e);
        return Answer.json(200, Map.of("result", e));
    }
}
