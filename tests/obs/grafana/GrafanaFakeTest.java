package obs.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import obs.core.Json;
import obs.fakes.GrafanaFake;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The fake's app-platform dashboards API and its agreement with the classic routes (contract, "App-platform dashboards"). */
class GrafanaFakeTest {
    static final String BASE = "/apis/dashboard.grafana.app/v1/namespaces/default/dashboards";

    @Test
    void foldersMoveAndRenameWithVersionsAndContactPointsUpdate() throws Exception {
        try (GrafanaFake fake = GrafanaFake.start(); GrafanaClient c = new GrafanaClient(fake.url(), GrafanaAuth.token(GrafanaFake.TOKEN))) {
            fake.addFolder("a", "A", null);
            fake.addFolder("b", "B", null);
            assertEquals("a", c.post("/api/folders/b/move", Map.of("parentUid", "a")).path("parentUid").asString());
            assertEquals(412, c.send("PUT", "/api/folders/b", Map.of("title", "B2", "version", 1), Map.of()).status());
            assertEquals("B2", c.put("/api/folders/b", Map.of("title", "B2", "version", 2)).path("title").asString());
            assertEquals(404, c.send("POST", "/api/folders/b/move", Map.of("parentUid", "nope"), Map.of()).status());
            fake.addContactPoint("cp", "ops", "slack", Map.of("recipient", "#a"), Map.of("url", "https://old"));
            assertEquals(202, c.send("PUT", "/api/v1/provisioning/contact-points/cp", Map.of("name", "ops", "type", "slack",
                    "settings", Map.of("recipient", "#b", "url", "https://new")), Map.of()).status());
            String clear = c.alerting().contactPointsDecrypted().toString();
            assertTrue(clear.contains("https://new") && clear.contains("#b"), clear);
        }
    }

    @Test
    void appPlatformDashboardsShareTheClassicStore() throws Exception {
        try (GrafanaFake fake = GrafanaFake.start(); GrafanaClient c = new GrafanaClient(fake.url(), GrafanaAuth.token(GrafanaFake.TOKEN))) {
            fake.addFolder("f1", "Ops", null);
            JsonNode body = Json.mapper().readTree("{\"metadata\":{\"name\":\"obs-x\",\"annotations\":{\"grafana.app/folder\":\"f1\"}},"
                    + "\"spec\":{\"title\":\"X\",\"panels\":[],\"schemaVersion\":41}}");
            GrafanaClient.Reply created = c.send("POST", BASE, body, Map.of());
            assertEquals(201, created.status());
            assertEquals("f1", created.body().path("metadata").path("annotations").path("grafana.app/folder").asString());
            GrafanaClient.Reply again = c.send("POST", BASE, body, Map.of());
            assertEquals(409, again.status());
            assertEquals("AlreadyExists", again.body().path("reason").asString());
            assertEquals("f1", c.objects().dashboard("obs-x").orElseThrow().folderUid());
            fake.addDashboard("obs-y", "Y", null);
            JsonNode page = c.get(BASE + "?limit=1");
            assertEquals(1, page.path("items").size());
            JsonNode last = c.get(BASE + "?limit=1&continue=" + page.path("metadata").path("continue").asString());
            assertFalse(last.path("metadata").has("continue"));
            ObjectNode stale = (ObjectNode) c.get(BASE + "/obs-x");
            ((ObjectNode) stale.path("metadata")).put("resourceVersion", "0");
            assertEquals(409, c.send("PUT", BASE + "/obs-x", stale, Map.of()).status());
            assertEquals(404, c.send("GET", BASE + "/nope", null, Map.of()).status());
            assertEquals(200, c.send("DELETE", BASE + "/obs-x", null, Map.of()).status());
            assertTrue(c.objects().dashboard("obs-x").isEmpty());
        }
    }
}
