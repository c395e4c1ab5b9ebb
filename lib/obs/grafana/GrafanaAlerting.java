package obs.grafana;

import static obs.grafana.GrafanaClient.elements;
import static obs.grafana.GrafanaClient.segment;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Grafana-managed alerting through the provisioning API ({@code /api/v1/provisioning}): rules, contact points,
 * notification policies, mute timings and templates. Writes send {@code X-Disable-Provenance: true}, so what a
 * restore puts back stays editable in the UI, as it was before the backup.
 */
public final class GrafanaAlerting {
    static final String BASE = "/api/v1/provisioning";
    private static final Map<String, String> EDITABLE = Map.of("X-Disable-Provenance", "true");
    private final GrafanaClient client;

    GrafanaAlerting(GrafanaClient client) {
        this.client = client;
    }

    /** Every alert rule ({@code ProvisionedAlertRule}, {@code []} when none). */
    public List<JsonNode> rules() {
        return elements(client.get(BASE + "/alert-rules"));
    }

    /**
     * The rules export in JSON (folder title paths, for reading); empty when there are no rules, which this
     * endpoint answers with a 404 and an empty body.
     */
    public Optional<JsonNode> rulesExport() {
        return client.find(BASE + "/alert-rules/export?format=json");
    }

    /** Contact points, secrets redacted by Grafana. */
    public List<JsonNode> contactPoints() {
        return elements(client.get(BASE + "/contact-points"));
    }

    /** Contact points with their secrets in clear ({@code decrypt=true}, org admin only): for --include-secrets. */
    public JsonNode contactPointsDecrypted() {
        return client.get(BASE + "/contact-points/export?format=json&decrypt=true");
    }

    /** The notification policy tree. */
    public JsonNode policies() {
        return client.get(BASE + "/policies");
    }

    public List<JsonNode> muteTimings() {
        return elements(client.get(BASE + "/mute-timings"));
    }

    /** Notification templates (there is no template export: {@code templates/export} is a 404). */
    public List<JsonNode> templates() {
        return elements(client.get(BASE + "/templates"));
    }

    public Optional<JsonNode> rule(String uid) {
        return client.find(BASE + "/alert-rules/" + segment(uid));
    }

    public JsonNode createRule(JsonNode rule) {
        return expect(client.send("POST", BASE + "/alert-rules", rule, EDITABLE), "POST", "/alert-rules");
    }

    public JsonNode updateRule(String uid, JsonNode rule) {
        String path = "/alert-rules/" + segment(uid);
        return expect(client.send("PUT", BASE + path, rule, EDITABLE), "PUT", path);
    }

    public JsonNode createContactPoint(JsonNode point) {
        return expect(client.send("POST", BASE + "/contact-points", point, EDITABLE), "POST", "/contact-points");
    }

    /** Replaces a contact point; a secure setting sent as [REDACTED] keeps its stored value. */
    public JsonNode updateContactPoint(String uid, JsonNode point) {
        String path = "/contact-points/" + segment(uid);
        return expect(client.send("PUT", BASE + path, point, EDITABLE), "PUT", path);
    }

    public JsonNode putPolicies(JsonNode tree) {
        return expect(client.send("PUT", BASE + "/policies", tree, EDITABLE), "PUT", "/policies");
    }

    public JsonNode createMuteTiming(JsonNode timing) {
        return expect(client.send("POST", BASE + "/mute-timings", timing, EDITABLE), "POST", "/mute-timings");
    }

    public JsonNode putTemplate(String name, JsonNode template) {
        String path = "/templates/" + segment(name);
        return expect(client.send("PUT", BASE + path, template, EDITABLE), "PUT", path);
    }

    private JsonNode expect(GrafanaClient.Reply r, String method, String path) {
        if (r.status() / 100 == 2) {
            return r.body();
        }
        throw client.error(r, method, BASE + path);
    }
}
