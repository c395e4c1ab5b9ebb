package obs.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.JsonNode;

/** The provisioned Grafana dashboards and the queries in them, for the dashboard and metric tests. */
final class Dashboards {
    /** A dashboard file and its parsed JSON. */
    record Dashboard(Path file, JsonNode json) {
        String name() {
            return file.getFileName().toString();
        }

        String uid() {
            return json.path("uid").asString("");
        }

        /** Every panel, those inside rows included. */
        List<JsonNode> panels() {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode p : json.path("panels")) {
                out.add(p);
                p.path("panels").forEach(out::add);
            }
            return out;
        }

        List<JsonNode> variables() {
            List<JsonNode> out = new ArrayList<>();
            json.path("templating").path("list").forEach(out::add);
            return out;
        }
    }

    /**
     * One query: where it is, the type and uid of the data source it goes to, and its text (PromQL or LogQL in
     * {@code expr}, TraceQL in {@code query}, the selector inside label_values for a variable).
     */
    record Query(Dashboard dashboard, String where, String datasourceType, String datasourceUid, String text) {
        String origin() {
            return dashboard.name() + " " + where;
        }

        boolean isPromQl() {
            return "prometheus".equals(datasourceType);
        }
    }

    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*\\)\\s*$", Pattern.DOTALL);

    private Dashboards() {
    }

    static Path dir() {
        return Manifests.folder("grafana").resolve("dashboards");
    }

    static List<Path> files() {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Dashboard load(Path file) {
        try {
            return new Dashboard(file, Serialization.jsonMapper().readTree(Manifests.read(file)));
        } catch (RuntimeException e) {
            throw new AssertionError(Manifests.rel(file) + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    static List<Dashboard> all() {
        return files().stream().map(Dashboards::load).toList();
    }

    /** Every query of every panel and query variable of the dashboard. */
    static List<Query> queries(Dashboard d) {
        List<Query> out = new ArrayList<>();
        for (JsonNode p : d.panels()) {
            JsonNode panelDs = p.path("datasource");
            for (JsonNode t : p.path("targets")) {
                JsonNode ds = t.has("datasource") ? t.path("datasource") : panelDs;
                String text = t.has("expr") ? t.path("expr").asString() : t.path("query").asString("");
                String where = "panel " + p.path("id").asInt() + " \"" + p.path("title").asString() + "\" query " + t.path("refId").asString();
                out.add(new Query(d, where, ds.path("type").asString(""), ds.path("uid").asString(""), text));
            }
        }
        for (JsonNode v : d.variables()) {
            if (!"query".equals(v.path("type").asString())) {
                continue;
            }
            JsonNode q = v.path("query");
            String text = q.isObject() ? q.path("query").asString("") : q.asString("");
            JsonNode ds = v.path("datasource");
            if ("prometheus".equals(ds.path("type").asString())) {
                Matcher m = LABEL_VALUES.matcher(text);
                text = m.matches() ? m.group(1) : text;
            }
            out.add(new Query(d, "variable $" + v.path("name").asString(), ds.path("type").asString(""), ds.path("uid").asString(""), text));
        }
        return out;
    }

    static List<Query> allQueries() {
        List<Query> out = new ArrayList<>();
        all().forEach(d -> out.addAll(queries(d)));
        return out;
    }
}
