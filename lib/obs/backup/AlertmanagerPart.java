package obs.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import obs.access.Endpoints;
import obs.core.Json;
import obs.http.PlainHttp;
import tools.jackson.databind.JsonNode;

/**
 * Alertmanager's configuration as it runs (the YAML of /api/v2/status) and its silences (/api/v2/silences; expired
 * ones are history, not state, and are left out).
 */
final class AlertmanagerPart {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private AlertmanagerPart() {
    }

    /** Writes the part; returns Alertmanager's version. */
    static String backup(Endpoints.Route route, SetWriter set) throws IOException, InterruptedException {
        JsonNode status = get(route, "/api/v2/status");
        String config = status.path("config").path("original").asString("");
        if (config.isBlank()) {
            throw new IOException("Alertmanager's /api/v2/status holds no configuration");
        }
        set.bytes("alertmanager/alertmanager.yml", config.getBytes(StandardCharsets.UTF_8));
        var silences = Json.mapper().createArrayNode();
        for (JsonNode s : get(route, "/api/v2/silences")) {
            if (!"expired".equals(s.path("status").path("state").asString(""))) {
                silences.add(s);
            }
        }
        set.json("alertmanager/silences.json", silences);
        return status.path("versionInfo").path("version").asString("unknown");
    }

    static JsonNode get(Endpoints.Route route, String path) throws IOException, InterruptedException {
        Endpoints.Reply reply = route.get(path, TIMEOUT);
        if (reply.status() != 200) {
            throw new IOException("Alertmanager answered " + reply.status() + " to " + route.describe(path) + ": " + PlainHttp.excerpt(reply.body()));
        }
        try {
            return Json.mapper().readTree(reply.body());
        } catch (RuntimeException e) {
            throw new IOException("Alertmanager's answer to " + path + " is not JSON: " + PlainHttp.excerpt(reply.body()));
        }
    }
}
