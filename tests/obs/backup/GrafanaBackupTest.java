package obs.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import obs.core.Json;
import obs.fakes.GrafanaFake;
import obs.sandbox.SandboxFixture;
import obs.sandbox.SandboxFixture.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The Grafana part against the fake: paging, nested folders, library panels, alerting (also with no rules), no secrets. */
class GrafanaBackupTest {
    @TempDir
    Path dir;

    @Test
    void everythingIsSavedByUidWithoutSecretsAcrossSearchPages() throws Exception {
        try (GrafanaFake fake = GrafanaSets.filled(1003)) {
            Run run = GrafanaSets.backup(fake, dir, dir.resolve("sets"));
            assertEquals(0, run.exit(), run.toString());
            Path set = Path.of(run.out().strip());
            assertTrue(fake.log().stream().anyMatch(l -> l.startsWith("GET /api/search?type=dash-db&limit=1000&page=2")));
            Manifest m = Manifest.read(set);
            assertEquals(1003, m.grafana().dashboards());
            assertEquals(4, m.grafana().folders());
            assertEquals(3, m.grafana().libraryPanels());
            assertEquals(2, m.grafana().alertRules());
            assertEquals(List.of("prom", "loki"), m.grafana().datasourceUids());
            JsonNode folders = Json.mapper().readTree(Files.readAllBytes(set.resolve("grafana/folders.json")));
            assertEquals("dns", folders.get(3).path("uid").asString());
            assertEquals("net", folders.get(3).path("parentUid").asString());
            assertTrue(folders.get(0).path("permissions").isArray());
            JsonNode d = Json.mapper().readTree(Files.readAllBytes(set.resolve("grafana/dashboards/dash-0003.json")));
            assertEquals("dns", d.path("folderUid").asString());
            assertEquals("dash-0003", d.path("dashboard").path("uid").asString());
            JsonNode ds = Json.mapper().readTree(Files.readAllBytes(set.resolve("grafana/datasources.json")));
            assertTrue(ds.get(1).path("secureJsonFields").path("basicAuthPassword").asBoolean());
            assertTrue(Files.exists(set.resolve("grafana/alerting/rules-export.json")));
            assertEquals("ops-slack", Json.mapper().readTree(Files.readAllBytes(set.resolve("grafana/alerting/contact-points.json")))
                    .get(1).path("name").asString());
            assertNoSecretIn(set);
            Run verify = SandboxFixture.run("Backup", "verify", set.toString());
            assertEquals(0, verify.exit(), verify.toString());
            assertTrue(verify.out().contains("1003 dashboards parse and name only datasources in the set"), verify.out());
        }
    }

    @Test
    void noAlertRulesIsA404ThatSavesAnEmptyList() throws Exception {
        try (GrafanaFake fake = GrafanaFake.start()) {
            fake.addDashboard("only", "Only", null);
            Run run = GrafanaSets.backup(fake, dir, dir.resolve("sets"));
            assertEquals(0, run.exit(), run.toString());
            Path set = Path.of(run.out().strip());
            assertEquals("[ ]", Files.readString(set.resolve("grafana/alerting/rules.json")).strip());
            assertFalse(Files.exists(set.resolve("grafana/alerting/rules-export.json")));
            assertTrue(fake.log().contains("GET /api/v1/provisioning/alert-rules/export?format=json"));
        }
    }

    @Test
    void aDashboardThatCannotBeReadFailsTheBackupNamingIt() throws Exception {
        try (GrafanaFake fake = GrafanaSets.filled(5)) {
            fake.storeAsSchemaV2("dash-0002");
            fake.schemaV2Version("v2alpha9");
            Path target = dir.resolve("sets");
            Run run = GrafanaSets.backup(fake, dir, target);
            assertEquals(1, run.exit(), run.toString());
            assertTrue(run.err().contains("[obs] error: backup failed, nothing was kept: grafana: Grafana answered 404 to GET "
                    + "/apis/dashboard.grafana.app/v2alpha9/namespaces/default/dashboards/dash-0002: the server could not find the requested resource"),
                    run.err());
            try (Stream<Path> left = Files.list(target)) {
                assertEquals(List.of(), left.filter(p -> !p.getFileName().toString().equals(Retention.LOCK)).toList());
            }
        }
    }

    static void assertNoSecretIn(Path set) throws Exception {
        try (Stream<Path> files = Files.walk(set)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(GrafanaSets.LOKI_SECRET) || text.contains(GrafanaSets.SLACK_SECRET), f + " holds a secret");
            }
        }
    }
}
