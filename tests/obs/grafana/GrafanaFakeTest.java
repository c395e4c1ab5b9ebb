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

    @Test
    void schemaV2DashboardsAre406OnTheClassicRouteAndServedByTheV2Routes() throws Exception {
        try (GrafanaFake fake = GrafanaFake.start(); GrafanaClient c = new GrafanaClient(fake.url(), GrafanaAuth.token(GrafanaFake.TOKEN))) {
            fake.addFolder("f1", "Ops", null);
            fake.addDashboardV2("v2x", "X", "f1", "prom");
            GrafanaClient.Reply classic = c.send("GET", "/api/dashboards/uid/v2x", null, Map.of());
            assertEquals(406, classic.status());
            assertEquals("dashboard api version not supported, use /apis/dashboard.grafana.app/v2/namespaces/default/dashboards/v2x instead",
                    classic.message());
            assertEquals(1, c.objects().dashboards(100).size(), "search lists it");
            String v2 = "/apis/dashboard.grafana.app/v2/namespaces/default/dashboards";
            JsonNode object = c.get(v2 + "/v2x");
            assertEquals("dashboard.grafana.app/v2", object.path("apiVersion").asString());
            assertEquals("f1", DashboardResources.folder(object));
            assertEquals("prom", object.path("spec").path("elements").path("panel-1").path("spec").path("data").path("spec")
                    .path("queries").get(0).path("spec").path("query").path("datasource").path("name").asString());
            assertFalse(object.path("spec").has("uid"), "the uid is metadata.name");
            GrafanaClient.Reply missing = c.send("GET", v2 + "/nope", null, Map.of());
            assertEquals(404, missing.status());
            assertEquals("NotFound", missing.body().path("reason").asString());
            assertEquals("nope", missing.body().path("details").path("name").asString(), "an object's NotFound names it");
            GrafanaClient.Reply unserved = c.send("GET", "/apis/dashboard.grafana.app/v3/namespaces/default/dashboards/v2x", null, Map.of());
            assertEquals(404, unserved.status());
            assertTrue(unserved.body().path("details").isMissingNode(), "an unknown route names no object");
            ObjectNode body = (ObjectNode) Json.mapper().readTree("{\"metadata\":{\"name\":\"v2y\"},\"spec\":{\"title\":\"Y\",\"elements\":{}}}");
            assertEquals(201, c.send("POST", "/apis/dashboard.grafana.app/v2beta1/namespaces/default/dashboards", body, Map.of()).status());
            assertTrue(fake.storedAsSchemaV2("v2y"));
            assertEquals(406, c.send("GET", "/api/dashboards/uid/v2y", null, Map.of()).status());
            assertEquals(409, c.send("POST", v2, body, Map.of()).status());
            c.objects().saveDashboard(Json.mapper().readTree("{\"uid\":\"v2y\",\"title\":\"Y\",\"panels\":[]}"), null, true, "classic");
            assertFalse(fake.storedAsSchemaV2("v2y"), "a classic save stores the classic schema");
        }
    }
}
