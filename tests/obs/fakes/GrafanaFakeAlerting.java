package obs.fakes;

import static obs.fakes.GrafanaFake.object;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import obs.core.Json;
import obs.fakes.GrafanaFake.Answer;
import obs.fakes.GrafanaFake.Call;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fake's alerting provisioning API ({@code /api/v1/provisioning}). A fresh instance has one contact point,
 * grafana-default-email, and the default policy tree; non-export answers carry Grafana 13's deprecation headers.
 */
final class GrafanaFakeAlerting {
    /** Settings Grafana treats as secure: stored apart, shown as [REDACTED]. */
    private static final Set<String> SECURE = Set.of("password", "token", "url", "authorization_credentials", "apiKey");
    private static final Map<String, String> DEPRECATED = Map.of("Warning",
            "299 - \"Deprecated API: use the Grafana App Platform alerting API instead.\"", "X-API-Deprecation-Date", "2026-03-01");
    private final GrafanaFake fake;
    private final Map<String, ObjectNode> rules = new LinkedHashMap<>();
    private final Map<String, ObjectNode> points = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> pointSecrets = new LinkedHashMap<>();
    private final Map<String, ObjectNode> muteTimings = new LinkedHashMap<>();
    private final Map<String, ObjectNode> templates = new LinkedHashMap<>();
    private ObjectNode policies = defaultPolicies();

    GrafanaFakeAlerting(GrafanaFake fake) {
        this.fake = fake;
        addContactPoint("default-email-uid", "grafana-default-email", "email", Map.of("addresses", "<example@email.com>"), Map.of());
    }

    private static ObjectNode defaultPolicies() {
        ObjectNode p = object().put("receiver", "grafana-default-email");
        p.putArray("group_by").add("grafana_folder").add("alertname");
        return p;
    }

    synchronized void addRule(String uid, String title, String folderUid, String group, String datasourceUid) {
        ObjectNode r = object().put("uid", uid).put("orgID", 1).put("folderUID", folderUid).put("ruleGroup", group)
                .put("title", title).put("condition", "B");
        ObjectNode q = r.putArray("data").addObject().put("refId", "A").put("datasourceUid", datasourceUid);
        q.putObject("relativeTimeRange").put("from", 600).put("to", 0);
        q.putObject("model").put("expr", "up == 0").put("refId", "A");
        r.put("noDataState", "NoData").put("execErrState", "Error").put("for", "5m");
        r.putObject("labels");
        r.put("isPaused", false);
        storeRule(r, "api");
    }

    synchronized void addContactPoint(String uid, String name, String type, Map<String, String> settings, Map<String, String> secrets) {
        ObjectNode p = object().put("uid", uid).put("name", name).put("type", type);
        ObjectNode s = p.putObject("settings");
        settings.forEach(s::put);
        p.put("disableResolveMessage", false);
        points.put(uid, p);
        pointSecrets.put(uid, new LinkedHashMap<>(secrets));
    }

    synchronized void addMuteTiming(String name) {
        ObjectNode m = object().put("name", name);
        ObjectNode interval = m.putArray("time_intervals").addObject();
        interval.putArray("times").addObject().put("start_time", "08:00").put("end_time", "17:00");
        interval.putArray("weekdays").add("monday:friday");
        m.put("version", UUID.randomUUID().toString().substring(0, 8)).put("provenance", "");
        muteTimings.put(name, m);
    }

    synchronized void addTemplate(String name, String text) {
        templates.put(name, object().put("name", name).put("template", text).put("provenance", "").put("version", "1"));
    }

    Answer handle(Call c) {
        if (!"provisioning".equals(c.seg(2)) || c.seg(3) == null) {
            return Answer.message(404, "Not found");
        }
        List<String> rest = c.path().subList(3, c.path().size());
        boolean export = rest.getLast().equals("export");
        Answer a = switch (rest.getFirst()) {
            case "alert-rules" -> rules(c, rest);
            case "contact-points" -> contactPoints(c, rest);
            case "policies" -> policies(c, rest);
            case "mute-timings" -> muteTimings(c, rest);
            case "templates" -> templates(c, rest);
            case "folder" -> ruleGroup(c, rest);
            default -> Answer.message(404, "Not found");
        };
        return export ? a : a.with(DEPRECATED);
    }

    private Answer rules(Call c, List<String> rest) {
        if (rest.size() == 1) {
            if ("GET".equals(c.method())) {
                return Answer.json(200, rules.values());
            }
            if ("POST".equals(c.method())) {
                JsonNode b = c.body();
                if (!(b instanceof ObjectNode r) || r.path("title").asString("").isBlank()) {
                    return Answer.message(400, "invalid alert rule");
                }
                if (!fake.catalog.folderExists(r.path("folderUID").asString(""))) {
                    return Answer.message(400, "invalid alert rule: folder does not exist");
                }
                ObjectNode stored = r.deepCopy();
                if (stored.path("uid").asString("").isEmpty()) {
                    stored.put("uid", UUID.randomUUID().toString().substring(0, 12));
                }
                if (rules.containsKey(stored.path("uid").asString(""))) {
                    return Answer.message(409, "an alert rule with this uid already exists");
                }
                return Answer.json(201, storeRule(stored, provenance(c)));
            }
        }
        if (rest.size() == 2 && rest.get(1).equals("export")) {
            return rules.isEmpty() ? Answer.empty(404) : export(c, Map.of("apiVersion", 1, "groups", groups(rules.values())));
        }
        ObjectNode r = rules.get(rest.get(1));
        if (r == null) {
            return Answer.empty(404);
        }
        if (rest.size() == 3 && rest.get(2).equals("export")) {
            return export(c, Map.of("apiVersion", 1, "groups", groups(List.of(r))));
        }
        return switch (c.method()) {
            case "GET" -> Answer.json(200, r);
            case "PUT" -> Answer.json(200, storeRule(((ObjectNode) c.body()).deepCopy().put("uid", rest.get(1)), provenance(c)));
            case "DELETE" -> {
                rules.remove(rest.get(1));
                yield Answer.empty(204);
            }
            default -> Answer.message(405, "Method not allowed");
        };
    }

    private ObjectNode storeRule(ObjectNode r, String provenance) {
        r.put("id", fake.nextId()).put("orgID", 1).put("provenance", provenance).put("updated", GrafanaFake.now());
        rules.put(r.path("uid").asString(""), r);
        return r;
    }

    private static String provenance(Call c) {
        return "true".equalsIgnoreCase(c.header("x-disable-provenance")) ? "" : "api";
    }

    private List<Map<String, Object>> groups(Iterable<ObjectNode> selected) {
        Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
        for (ObjectNode r : selected) {
            String folder = r.path("folderUID").asString("");
            Map<String, Object> g = groups.computeIfAbsent(folder + "/" + r.path("ruleGroup").asString(""), k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("orgId", 1);
                m.put("name", r.path("ruleGroup").asString(""));
                m.put("folder", fake.catalog.titlePath(folder));
                m.put("interval", "1m");
                m.put("rules", new ArrayList<>());
                return m;
            });
            ObjectNode e = object().put("uid", r.path("uid").asString("")).put("title", r.path("title").asString("").replace("$", "$$"))
                    .put("condition", r.path("condition").asString(""));
            e.set("data", r.path("data").deepCopy());
            e.put("noDataState", r.path("noDataState").asString("")).put("execErrState", r.path("execErrState").asString(""))
                    .put("for", r.path("for").asString("")).put("isPaused", r.path("isPaused").asBoolean(false));
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) g.get("rules");
            list.add(e);
        }
        return new ArrayList<>(groups.values());
    }

    private Answer ruleGroup(Call c, List<String> rest) {
        if (rest.size() < 4 || !rest.get(2).equals("rule-groups")) {
            return Answer.message(404, "Not found");
        }
        String folder = rest.get(1);
        String group = rest.get(3);
        List<ObjectNode> in = rules.values().stream().filter(r -> r.path("folderUID").asString("").equals(folder)
                && r.path("ruleGroup").asString("").equals(group)).toList();
        if (in.isEmpty()) {
            return Answer.empty(404);
        }
        if (rest.size() == 5 && rest.get(4).equals("export")) {
            return export(c, Map.of("apiVersion", 1, "groups", groups(in)));
        }
        if ("DELETE".equals(c.method())) {
            in.forEach(r -> rules.remove(r.path("uid").asString("")));
            return Answer.empty(204);
        }
        ObjectNode g = object().put("title", group).put("folderUid", folder).put("interval", 60);
        g.putArray("rules").addAll(in);
        return Answer.json(200, g);
    }

    private Answer contactPoints(Call c, List<String> rest) {
        if (rest.size() == 2 && rest.get(1).equals("export")) {
            boolean decrypt = "true".equals(c.param("decrypt"));
            Map<String, List<Map<String, Object>>> byName = new LinkedHashMap<>();
            points.values().forEach(p -> byName.computeIfAbsent(p.path("name").asString(""), k -> new ArrayList<>())
                    .add(Map.of("uid", p.path("uid").asString(""), "type", p.path("type").asString(""),
                            "settings", settings(p, decrypt), "disableResolveMessage", false)));
            List<Map<String, Object>> out = new ArrayList<>();
            byName.forEach((n, r) -> out.add(Map.of("orgId", 1, "name", n, "receivers", r)));
            return export(c, Map.of("apiVersion", 1, "contactPoints", out));
        }
        if (rest.size() == 1 && "GET".equals(c.method())) {
            String name = c.param("name");
            return Answer.json(200, points.values().stream().filter(p -> name == null || name.equals(p.path("name").asString("")))
                    .map(p -> {
                        ObjectNode o = p.deepCopy();
                        o.set("settings", settings(p, false));
                        return o;
                    }).toList());
        }
        if (rest.size() == 1 && "POST".equals(c.method())) {
            JsonNode b = c.body();
            if (b.path("name").asString("").isBlank() || b.path("type").asString("").isBlank()) {
                return Answer.message(400, "invalid contact point");
            }
            String uid = b.path("uid").asString("").isEmpty() ? UUID.randomUUID().toString().substring(0, 12) : b.path("uid").asString("");
            Map<String, String> settings = new LinkedHashMap<>();
            Map<String, String> secrets = new LinkedHashMap<>();
            b.path("settings").properties().forEach(e -> (SECURE.contains(e.getKey()) ? secrets : settings).put(e.getKey(), e.getValue().asString("")));
            addContactPoint(uid, b.path("name").asString(""), b.path("type").asString(""), settings, secrets);
            ObjectNode o = points.get(uid).deepCopy();
            o.set("settings", settings(points.get(uid), false));
            return Answer.json(202, o);
        }
        if (rest.size() == 2 && points.containsKey(rest.get(1)) && "PUT".equals(c.method())) {
            ObjectNode p = points.get(rest.get(1));
            p.put("name", c.body().path("name").asString(p.path("name").asString(""))).put("type", c.body().path("type").asString(""));
            ObjectNode settings = p.putObject("settings");
            c.body().path("settings").properties().forEach(e -> {
                if (!SECURE.contains(e.getKey())) {
                    settings.set(e.getKey(), e.getValue());
                } else if (!"[REDACTED]".equals(e.getValue().asString(""))) {
                    pointSecrets.get(rest.get(1)).put(e.getKey(), e.getValue().asString(""));
                }
            });
            return Answer.message(202, "contactpoint updated");
        }
        if (rest.size() == 2 && points.containsKey(rest.get(1)) && "DELETE".equals(c.method())) {
            points.remove(rest.get(1));
            return Answer.message(202, "contactpoint deleted");
        }
        return rest.size() == 2 && !points.containsKey(rest.get(1)) ? Answer.empty(404) : Answer.message(405, "Method not allowed");
    }

    private ObjectNode settings(ObjectNode point, boolean decrypt) {
        ObjectNode s = ((ObjectNode) point.path("settings")).deepCopy();
        pointSecrets.getOrDefault(point.path("uid").asString(""), Map.of()).forEach((k, v) -> s.put(k, decrypt ? v : "[REDACTED]"));
        return s;
    }

    private Answer policies(Call c, List<String> rest) {
        if (rest.size() == 2 && rest.get(1).equals("export")) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("orgId", 1);
            p.putAll(Json.mapper().convertValue(policies, Map.class));
            return export(c, Map.of("apiVersion", 1, "policies", List.of(p)));
        }
        return switch (c.method()) {
            case "GET" -> Answer.json(200, policies);
            case "PUT" -> {
                if (!points.values().stream().anyMatch(p -> p.path("name").asString("").equals(c.body().path("receiver").asString("")))) {
                    yield Answer.message(400, "invalid object specification: receiver '" + c.body().path("receiver").asString("") + "' does not exist");
                }
                policies = ((ObjectNode) c.body()).deepCopy();
                yield Answer.message(202, "policies updated");
            }
            case "DELETE" -> {
                policies = defaultPolicies();
                yield Answer.json(202, policies);
            }
            default -> Answer.message(405, "Method not allowed");
        };
    }

    private Answer muteTimings(Call c, List<String> rest) {
        if (rest.getLast().equals("export")) {
            List<Object> out = new ArrayList<>();
            muteTimings.values().stream().filter(m -> rest.size() == 2 || m.path("name").asString("").equals(rest.get(1)))
                    .forEach(m -> out.add(Map.of("orgId", 1, "name", m.path("name").asString(""), "time_intervals", m.path("time_intervals"))));
            return export(c, Map.of("apiVersion", 1, "muteTimes", out));
        }
        if (rest.size() == 1) {
            if ("POST".equals(c.method())) {
                String name = c.body().path("name").asString("");
                if (name.isBlank() || muteTimings.containsKey(name)) {
                    return Answer.message(400, name.isBlank() ? "invalid mute timing" : "a mute timing with this name already exists");
                }
                ObjectNode m = ((ObjectNode) c.body()).deepCopy().put("version", "1").put("provenance", provenance(c));
                muteTimings.put(name, m);
                return Answer.json(201, m);
            }
            return Answer.json(200, muteTimings.values());
        }
        ObjectNode m = muteTimings.get(rest.get(1));
        if (m == null) {
            return Answer.empty(404);
        }
        return switch (c.method()) {
            case "GET" -> Answer.json(200, m);
            case "DELETE" -> {
                muteTimings.remove(rest.get(1));
                yield Answer.empty(204);
            }
            default -> Answer.message(405, "Method not allowed");
        };
    }

    private Answer templates(Call c, List<String> rest) {
        if (rest.size() == 1) {
            return Answer.json(200, templates.values());
        }
        String name = rest.get(1);
        if (rest.size() > 2 || name.equals("export") && !"PUT".equals(c.method())) {
            return Answer.empty(404);
        }
        return switch (c.method()) {
            case "GET" -> templates.containsKey(name) ? Answer.json(200, templates.get(name)) : Answer.empty(404);
            case "PUT" -> {
                ObjectNode t = object().put("name", name).put("template", c.body().path("template").asString(""))
                        .put("provenance", provenance(c)).put("version", "1");
                templates.put(name, t);
                yield Answer.json(202, t);
            }
            case "DELETE" -> {
                templates.remove(name);
                yield Answer.empty(204);
            }
            default -> Answer.message(405, "Method not allowed");
        };
    }

    /** An export in the requested format: yaml by default, json with ?format=json; hcl is not served by this fake (400). */
    private Answer export(Call c, Object doc) {
        String format = c.param("format") == null ? "yaml" : c.param("format");
        return switch (format) {
            case "json" -> Answer.json(200, doc);
            case "yaml" -> new Answer(200, new Yaml().dump(Json.mapper().convertValue(doc, Object.class))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/yaml", Map.of());
            default -> Answer.message(400, "unsupported export format in this fake: " + format);
        };
    }

}
