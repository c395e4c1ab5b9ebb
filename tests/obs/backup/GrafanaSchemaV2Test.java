package obs.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import obs.core.Json;
import obs.fakes.GrafanaFake;
import obs.grafana.DashboardResources;
import obs.grafana.DashboardResources.Route;
import obs.grafana.GrafanaAuth;
import obs.grafana.GrafanaClient;
import obs.sandbox.SandboxFixture;
import obs.sandbox.SandboxFixture.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Classic and schema-v2 dashboards side by side against the fake: the classic route's 406 sends a v2 dashboard
 * through the app-platform route it names; it is saved as its v2 object with its folder, verified for the
 * datasources its queries name ({@code "datasource": {"name": UID}}), and restored through the same route: created,
 * then unchanged, kept when it differs, replaced with --force.
 */
class GrafanaSchemaV2Test {
    static final String V2_ROUTE = "/apis/dashboard.grafana.app/v2beta1/namespaces/default/dashboards";

    @TempDir
    Path dir;

    private Run restore(GrafanaFake into, Path set, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--endpoint", "grafana=" + into.url(), "--only", "grafana",
                "--grafana-token-file", GrafanaSets.token(dir).toString(), "--from", set.toString(), "--secrets",
                secrets().toString(), "-o", "json"));
        args.addAll(List.of(extra));
        return SandboxFixture.run("Restore", args.toArray(String[]::new));
    }

    private Path secrets() throws Exception {
        Path secrets = dir.resolve("secrets.json");
        Files.writeString(secrets, "{\"datasources\": {\"loki\": {\"basicAuthPassword\": \"" + GrafanaSets.LOKI_SECRET + "\"}},"
                + " \"contactPoints\": {\"cp-slack\": {\"url\": \"" + GrafanaSets.SLACK_SECRET + "\"}}}");
        return secrets;
    }

    /** The action the restore report gives an object. */
    private static String action(Run run, String object) {
        for (JsonNode row : Json.mapper().readTree(run.out()).path("objects")) {
            if (row.path("object").asString("").equals(object)) {
                return row.path("action").asString() + ": " + row.path("detail").asString();
            }
        }
        return "absent from " + run.out();
    }

    @Test
    void classicAndSchemaV2DashboardsBackUpVerifyAndRestore() throws Exception {
        Path set;
        JsonNode savedSpec;
        try (GrafanaFake source = GrafanaSets.filled(6)) {
            source.addDashboardV2("v2-net", "Net (v2)", "net", "prom");
            source.addDashboardV2("v2-root", "Root (v2)", null, "loki");
            source.schemaV2Version("v2beta1");
            Run run = GrafanaSets.backup(source, dir, dir.resolve("sets"));
            assertEquals(0, run.exit(), run.toString());
            set = Path.of(run.out().strip());
            assertTrue(source.log().contains("GET " + V2_ROUTE + "/v2-net"), "the version the 406 named: " + source.log());
            assertEquals(8, Manifest.read(set).grafana().dashboards());
            JsonNode doc = Json.mapper().readTree(Files.readAllBytes(set.resolve("grafana/dashboards/v2-net.json")));
            assertEquals("net", doc.path("folderUid").asString());
            assertEquals("dashboard.grafana.app/v2beta1", doc.path("apiVersion").asString());
            assertEquals("default", doc.path("namespace").asString());
            savedSpec = doc.path("resource").path("spec");
            assertEquals("prom", savedSpec.path("elements").path("panel-1").path("spec").path("data").path("spec").path("queries").get(0)
                    .path("spec").path("query").path("datasource").path("name").asString(), doc.toString());
            assertTrue(Json.mapper().readTree(Files.readAllBytes(set.resolve("grafana/dashboards/dash-0001.json"))).path("dashboard").isObject());
            JsonNode index = Json.mapper().readTree(Files.readAllBytes(set.resolve("grafana/dashboards.json")));
            assertEquals(2, index.valueStream().filter(e -> e.path("schema").asString("").equals("v2")).count(), index.toString());
        }
        Run verify = SandboxFixture.run("Backup", "verify", set.toString());
        assertEquals(0, verify.exit(), verify.toString());
        assertTrue(verify.out().contains("8 dashboards parse and name only datasources in the set"), verify.out());

        try (GrafanaFake into = GrafanaFake.start();
             GrafanaClient client = new GrafanaClient(into.url(), GrafanaAuth.token(GrafanaFake.TOKEN))) {
            Run dry = restore(into, set, "--dry-run");
            assertEquals(0, dry.exit(), dry.toString());
            assertEquals("would create: Net (v2) (schema v2beta1) in net", action(dry, "dashboard v2-net"));
            assertTrue(into.log().stream().allMatch(l -> l.startsWith("GET ")), into.log().toString());
            assertEquals(0, into.dashboardCount());

            Run run = restore(into, set);
            assertEquals(0, run.exit(), run.toString());
            assertEquals("created: Net (v2) (schema v2beta1) in net", action(run, "dashboard v2-net"));
            assertTrue(into.log().contains("POST " + V2_ROUTE), into.log().toString());
            assertEquals(8, into.dashboardCount());
            assertTrue(into.storedAsSchemaV2("v2-net") && into.storedAsSchemaV2("v2-root"));
            assertFalse(into.storedAsSchemaV2("dash-0001"));
            Route route = new Route("v2beta1", "default");
            JsonNode live = client.dashboardResources().get(route, "v2-net").orElseThrow();
            assertEquals("net", DashboardResources.folder(live));
            assertEquals(savedSpec, live.path("spec"));
            assertEquals(null, DashboardResources.folder(client.dashboardResources().get(route, "v2-root").orElseThrow()));

            Run again = restore(into, set);
            assertEquals(0, again.exit(), again.toString());
            assertEquals("unchanged: Net (v2)", action(again, "dashboard v2-net"));

            ObjectNode changed = (ObjectNode) live.deepCopy();
            ((ObjectNode) changed.path("spec")).put("title", "Changed by hand");
            client.dashboardResources().replace(route, "v2-net", changed);
            Run kept = restore(into, set);
            assertEquals(1, kept.exit(), kept.toString());
            assertEquals("kept: exists and differs from the set", action(kept, "dashboard v2-net"));
            assertEquals("Changed by hand", client.dashboardResources().get(route, "v2-net").orElseThrow().path("spec").path("title").asString());

            Run forced = restore(into, set, "--force");
            assertEquals(0, forced.exit(), forced.toString());
            assertEquals("replaced: Net (v2) (schema v2beta1) in net", action(forced, "dashboard v2-net"));
            assertTrue(into.log().contains("PUT " + V2_ROUTE + "/v2-net"), into.log().toString());
            assertEquals(savedSpec, client.dashboardResources().get(route, "v2-net").orElseThrow().path("spec"));
        }
    }

    @Test
    void aSchemaV2DashboardNamingADatasourceNotInTheSetFailsVerifyNamingIt() throws Exception {
        try (GrafanaFake source = GrafanaFake.start()) {
            source.addDatasource("prom", "Prometheus", "prometheus", "http://prometheus:9090", java.util.Map.of());
            source.addDashboardUsing("classic", "Classic", null, "prom");
            source.addDashboardV2("v2-ok", "Fine", null, "prom");
            source.addDashboardV2("v2-bad", "Broken", null, "gone-datasource");
            Run run = GrafanaSets.backup(source, dir, dir.resolve("sets"));
            assertEquals(0, run.exit(), run.toString());
            Run verify = SandboxFixture.run("Backup", "verify", Path.of(run.out().strip()).toString());
            assertEquals(1, verify.exit(), verify.toString());
            assertTrue(verify.out().contains("grafana/dashboards/v2-bad.json: names datasource uid(s) not in the set: gone-datasource"), verify.out());
            assertFalse(verify.out().contains("v2-ok.json") || verify.out().contains("classic.json"), verify.out());
        }
    }
}
