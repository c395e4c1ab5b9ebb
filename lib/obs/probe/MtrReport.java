package obs.probe;

import java.util.ArrayList;
import java.util.List;
import obs.core.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Parses {@code mtr --json} (mtr 0.95): {@code report.hubs[]} with count, host, Loss%, Snt, Last, Avg, Best, Wrst, StDev. */
final class MtrReport {

    private MtrReport() {
    }

    static List<Hop> parse(String json) {
        JsonNode hubs;
        try {
            hubs = Json.mapper().readTree(json).path("report").path("hubs");
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (!hubs.isArray()) {
            throw new IllegalArgumentException("no report.hubs list");
        }
        List<Hop> hops = new ArrayList<>();
        for (JsonNode h : hubs) {
            String host = h.path("host").asString("???");
            hops.add(new Hop(h.path("count").asInt(hops.size() + 1), host.equals("???") ? null : host,
                    h.path("Loss%").asDouble(0) / 100, h.path("Snt").asInt(0), h.path("Last").asDouble(0),
                    h.path("Avg").asDouble(0), h.path("Best").asDouble(0), h.path("Wrst").asDouble(0),
                    h.path("StDev").asDouble(0)));
        }
        return hops;
    }
}
