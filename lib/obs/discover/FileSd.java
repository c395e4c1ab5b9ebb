package obs.discover;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import obs.core.Json;
import obs.discover.Finding.Suggestion;
import obs.discover.Finding.Type;
import obs.discover.ScrapeConfig.Group;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Prometheus file_sd files: discovery's two files written from the suggestions, and any such file read back. */
final class FileSd {
    private FileSd() {
    }

    /** The files discovery owns, key to content: one target group per suggested target, in report order. */
    static Map<String, String> render(List<Finding> findings) {
        List<Map<String, Object>> scrape = new ArrayList<>();
        List<Map<String, Object>> probes = new ArrayList<>();
        for (Finding f : findings) {
            for (Suggestion s : f.suggestions()) {
                if (s.type() == Type.scrape || s.type() == Type.probe) {
                    Map<String, Object> group = new LinkedHashMap<>();
                    group.put("targets", List.of(s.target()));
                    group.put("labels", s.labels());
                    (s.type() == Type.scrape ? scrape : probes).add(group);
                }
            }
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put(Coverage.SCRAPE_KEY, Json.mapper().writeValueAsString(scrape) + "\n");
        files.put(Coverage.PROBES_KEY, Json.mapper().writeValueAsString(probes) + "\n");
        return files;
    }

    /** Parses a file_sd JSON file; a file that is not one is an IllegalArgumentException with the reason. */
    static List<Group> parse(String text) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (!root.isArray()) {
            throw new IllegalArgumentException("not a list of target groups");
        }
        List<Group> groups = new ArrayList<>();
        for (JsonNode g : root) {
            List<String> targets = new ArrayList<>();
            g.path("targets").forEach(t -> targets.add(t.asString()));
            Map<String, String> labels = new java.util.TreeMap<>();
            g.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
            groups.add(new Group(targets, labels));
        }
        return groups;
    }
}
