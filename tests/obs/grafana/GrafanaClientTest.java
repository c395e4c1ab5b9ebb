package obs.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import obs.core.Exit;
import obs.core.Json;
import obs.core.ObsException;
import obs.fakes.GrafanaFake;
import obs.grafana.GrafanaObjects.Folder;
import obs.grafana.GrafanaObjects.SearchHit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The client against the fake: paging, nested folders, uids, status handling, alerting's 404s. */
class GrafanaClientTest {
    static GrafanaFake fake;
    static GrafanaClient client;

    @BeforeAll
    static void start() throws Exception {
        fake = GrafanaFake.start();
        client = new GrafanaClient(fake.url(), GrafanaAuth.token(GrafanaFake.TOKEN));
        fake.addFolder("ops", "Ops", null);
        fake.addFolder("net", "Net", "ops");
        fake.addFolder("dns", "DNS", "net");
        fake.addFolder("apps", "Apps", null);
        for (int i = 0; i < 1001; i++) {
            fake.addDashboard(String.format("d%04d", i), "Dash " + i, i % 3 == 0 ? null : i % 3 == 1 ? "dns" : "apps");
        }
        fake.addDatasource("prom", "Prometheus", "prometheus", "http://prometheus:9090", Map.of());
        fake.addDatasource("loki", "Loki", "loki", "http://loki:3100", Map.of("basicAuthPassword", "s3cret-loki"));
        fake.datasourceFailing("loki");
        for (int i = 0; i < 105; i++) {
            fake.addLibraryPanel("lp" + i, "Panel " + i, i % 2 == 0 ? "net" : null);
        }
    }

    @AfterAll
    static void stop() {
        client.close();
        fake.close();
    }

    @Test
    void searchPagesPastTheDefaultPageAndFolderWalkIsParentsFirst() {
        List<SearchHit> all = client.objects().dashboards(GrafanaObjects.SEARCH_PAGE);
        assertEquals(1001, all.size());
        assertTrue(fake.log().stream().anyMatch(l -> l.contains("/api/search?type=dash-db&limit=1000&page=2")), fake.log().toString());
        assertEquals(1001, client.objects().dashboards(300).stream().map(SearchHit::uid).distinct().count());
        List<Folder> folders = client.objects().folders();
        assertEquals(List.of("apps", "ops", "net", "dns"), folders.stream().map(Folder::uid).limit(4).toList());
        assertEquals("net", folders.get(3).parentUid());
        assertEquals("dns", client.objects().dashboard("d0001").orElseThrow().folderUid());
    }

    @Test
    void searchAboveTheMaximumLimitIsRefused() {
        GrafanaError e = assertThrows(GrafanaError.class, () -> client.get("/api/search?limit=5001"));
        assertEquals(422, e.status());
        assertTrue(e.getMessage().contains("Limit is above maximum allowed (5000)"), e.getMessage());
    }

    @Test
    void staleSaveIs412AndOverwriteReplaces() {
        fake.addDashboard("save-me", "Save me", "ops");
        ObjectNode model = (ObjectNode) client.objects().dashboard("save-me").orElseThrow().model();
        model.put("version", 0);
        GrafanaError e = assertThrows(GrafanaError.class, () -> client.objects().saveDashboard(model, "ops", false, "t"));
        assertEquals(412, e.status());
        JsonNode saved = client.objects().saveDashboard(model, "apps", true, "t");
        assertEquals(2, saved.path("version").asInt());
        assertEquals("apps", client.objects().dashboard("save-me").orElseThrow().folderUid());
    }

    @Test
    void schemaV2DashboardIsAnErrorNotAGap() {
        fake.addDashboard("v2dash", "V2", null);
        fake.storeAsSchemaV2("v2dash");
        GrafanaError e = assertThrows(GrafanaError.class, () -> client.objects().dashboard("v2dash"));
        assertEquals(406, e.status());
        assertEquals(new DashboardResources.Route("v2", "default"), DashboardResources.Route.fromMessage(e.getMessage()));
        assertTrue(client.objects().dashboard("no-such").isEmpty());
    }

    @Test
    void theSchemaV2RouteIsTheOneThe406NamesElseV2InOrgOne() {
        assertEquals(new DashboardResources.Route("v2beta1", "org-3"), DashboardResources.Route.fromMessage(
                "Grafana answered 406 to GET /api/dashboards/uid/x: dashboard api version not supported, use "
                        + "/apis/dashboard.grafana.app/v2beta1/namespaces/org-3/dashboards/x instead"));
        assertEquals(new DashboardResources.Route("v2", "default"), DashboardResources.Route.fromMessage("dashboard api version not supported"));
        assertEquals(new DashboardResources.Route("v2beta1", "default"), DashboardResources.Route.of("dashboard.grafana.app/v2beta1", null));
    }

    @Test
    void foldersNestOnlyFourDeepAndKeepPermissions() {
        fake.addFolder("l4", "Level 4", "dns");
        GrafanaError e = assertThrows(GrafanaError.class, () -> client.objects().createFolder("l5", "Level 5", "l4"));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("Maximum nested folder depth reached"));
        assertEquals(412, assertThrows(GrafanaError.class, () -> client.objects().createFolder("ops", "Ops", null)).status());
        client.objects().setFolderPermissions("apps", Json.mapper().readTree("[{\"role\":\"Viewer\",\"permission\":1},{\"teamId\":3,\"permission\":4}]"));
        assertEquals(4, client.objects().folderPermissions("apps").get(1).path("permission").asInt());
        assertEquals("net", client.objects().folder("dns").orElseThrow().parentUid());
    }

    @Test
    void datasourcesByUidWithoutSecretsAndHealth() {
        String listed = client.get("/api/datasources").toString();
        assertFalse(listed.contains("s3cret"), listed);
        JsonNode loki = client.objects().datasource("loki").orElseThrow();
        assertTrue(loki.path("secureJsonFields").path("basicAuthPassword").asBoolean());
        assertFalse(loki.toString().contains("s3cret"));
        assertTrue(client.objects().datasourceHealth("prom").ok());
        GrafanaObjects.DatasourceHealth failing = client.objects().datasourceHealth("loki");
        assertEquals(400, failing.httpStatus());
        assertTrue(failing.message().startsWith("Unable to connect with Loki"));
        GrafanaObjects.DatasourceHealth unknown = client.objects().datasourceHealth("nope");
        assertEquals(500, unknown.httpStatus());
        assertFalse(unknown.known());
        assertTrue(client.find("/api/datasources/1").isEmpty(), "numeric-id routes are disabled in 13");
        assertEquals(409, assertThrows(GrafanaError.class, () -> client.objects().createDatasource(
                Json.mapper().readTree("{\"name\":\"Loki\",\"type\":\"loki\",\"uid\":\"loki2\"}"))).status());
    }

    @Test
    void libraryPanelsArePagedByTotalCount() {
        assertEquals(105, client.objects().libraryPanels().size());
        assertTrue(fake.log().stream().anyMatch(l -> l.contains("/api/library-elements?kind=1&perPage=100&page=2")));
        assertEquals("net", client.objects().libraryPanel("lp0").orElseThrow().path("folderUid").asString());
    }

    @Test
    void alertingExportOfNoRulesIsEmptyNotAnError() throws Exception {
        try (GrafanaFake fresh = GrafanaFake.start(); GrafanaClient c = new GrafanaClient(fresh.url(), GrafanaAuth.basic("admin", GrafanaFake.PASSWORD))) {
            assertTrue(c.alerting().rulesExport().isEmpty());
            assertEquals(List.of(), c.alerting().rules());
            assertEquals("grafana-default-email", c.alerting().policies().path("receiver").asString());
            assertEquals(1, c.alerting().contactPoints().size());
            assertEquals(404, c.send("GET", "/api/v1/provisioning/templates/export", null, Map.of()).status());
            fresh.addFolder("f1", "Ops", null);
            fresh.addAlertRule("r1", "High errors", "f1", "g", "prom");
            fresh.addContactPoint("cp1", "slack", "slack", Map.of("recipient", "#ops"), Map.of("url", "https://hooks.example/SECRET"));
            JsonNode export = c.alerting().rulesExport().orElseThrow();
            assertEquals("Ops", export.path("groups").get(0).path("folder").asString());
            assertFalse(c.alerting().contactPoints().toString().contains("SECRET"));
            assertTrue(c.alerting().contactPointsDecrypted().toString().contains("SECRET"));
            assertTrue(c.alerting().rule("missing").isEmpty());
        }
    }

    @Test
    void badCredentialsAndNoServerHaveClearMessagesAndExitCodes() throws Exception {
        try (GrafanaClient wrong = new GrafanaClient(fake.url(), GrafanaAuth.basic("admin", "guess"))) {
            assertTrue(wrong.objects().health().ok(), "health needs no credentials");
            GrafanaError e = assertThrows(GrafanaError.class, () -> wrong.objects().folders());
            assertEquals(401, e.status());
            assertEquals("Grafana refused user admin (401 Unauthorized)", e.getMessage());
            assertFalse(wrong.toString().contains("guess"));
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (GrafanaClient none = new GrafanaClient(URI.create("http://127.0.0.1:" + port), GrafanaAuth.token("x"), Duration.ofSeconds(2))) {
            ObsException e = assertThrows(ObsException.class, () -> none.objects().dashboards(10));
            assertEquals(Exit.UNREACHABLE, e.exit());
            assertTrue(e.getMessage().startsWith("Grafana at http://127.0.0.1:" + port + " does not answer"), e.getMessage());
        }
        fake.databaseFailing(true);
        try {
            GrafanaObjects.Health h = client.objects().health();
            assertEquals(503, h.status());
            assertFalse(h.ok());
        } finally {
            fake.databaseFailing(false);
        }
    }
}
