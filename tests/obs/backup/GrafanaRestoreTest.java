package obs.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import obs.fakes.GrafanaFake;
import obs.sandbox.SandboxFixture;
import obs.sandbox.SandboxFixture.Run;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** Grafana from a set into another (empty or changed) Grafana fake: order, secrets, --dry-run, --force, damaged sets. */
class GrafanaRestoreTest {
    @TempDir
    Path dir;
    Path set;
    Path secrets;

    @BeforeEach
    void backup() throws Exception {
        try (GrafanaFake source = GrafanaSets.filled(12)) {
            Run run = GrafanaSets.backup(source, dir, dir.resolve("sets"));
            assertEquals(0, run.exit(), run.toString());
            set = Path.of(run.out().strip());
        }
        secrets = dir.resolve("secrets.json");
        Files.writeString(secrets, "{\"datasources\": {\"loki\": {\"basicAuthPassword\": \"" + GrafanaSets.LOKI_SECRET + "\"}},"
                + " \"contactPoints\": {\"cp-slack\": {\"url\": \"" + GrafanaSets.SLACK_SECRET + "\"}}}");
    }

    private Run restore(GrafanaFake into, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--endpoint", "grafana=" + into.url(), "--only", "grafana",
                "--grafana-token-file", GrafanaSets.token(dir).toString(), "--from", set.toString()));
        args.addAll(List.of(extra));
        return SandboxFixture.run("Restore", args.toArray(String[]::new));
    }

    @Test
    void intoAnEmptyGrafanaEverythingComesBackThenNothingChanges() throws Exception {
        try (GrafanaFake into = GrafanaFake.start()) {
            Run run = restore(into, "--secrets", secrets.toString());
            assertEquals(0, run.exit(), run.toString());
            List<String> posts = into.log().stream().filter(l -> l.startsWith("POST /api/folders ") || l.equals("POST /api/folders")).toList();
            assertEquals(4, posts.size(), into.log().toString());
            assertEquals(12, into.dashboardCount());
            assertEquals(4, into.folderCount());
            try (var c = new obs.grafana.GrafanaClient(into.url(), obs.grafana.GrafanaAuth.token(GrafanaFake.TOKEN))) {
                assertEquals("dns", c.objects().dashboard("dash-0003").orElseThrow().folderUid());
                assertEquals(3, c.objects().libraryPanels().size());
                assertEquals(2, c.alerting().rules().size());
                assertTrue(c.alerting().contactPointsDecrypted().toString().contains(GrafanaSets.SLACK_SECRET));
                assertEquals("", c.alerting().rule("rule-1").orElseThrow().path("provenance").asString(), "restored rules stay editable");
            }
            assertEquals(Map.of("basicAuthPassword", GrafanaSets.LOKI_SECRET), into.datasourceSecrets("loki"));
            assertTrue(run.out().contains("folder dns") && run.out().contains("created"), run.out());
            assertTrue(run.out().contains("alert rule rule-2"), run.out());
            assertTrue(run.out().contains("notification policies"), run.out());

            Run again = restore(into, "--secrets", secrets.toString());
            assertEquals(0, again.exit(), again.toString());
            assertFalse(again.out().contains("created"), again.out());

            ObjectNode changed = (ObjectNode) into.dashboardModel("dash-0001");
            changed.put("title", "Changed by hand");
            try (var c = new obs.grafana.GrafanaClient(into.url(), obs.grafana.GrafanaAuth.token(GrafanaFake.TOKEN))) {
                c.objects().saveDashboard(changed, null, true, "hand");
            }
            Run kept = restore(into);
            assertEquals(1, kept.exit(), kept.toString());
            assertTrue(kept.out().contains("dashboard dash-0001") && kept.out().contains("kept"), kept.out());
            assertTrue(kept.err().contains("--force replaces them"), kept.err());
            assertEquals("Changed by hand", into.dashboardModel("dash-0001").path("title").asString());

            try (var c = new obs.grafana.GrafanaClient(into.url(), obs.grafana.GrafanaAuth.token(GrafanaFake.TOKEN))) {
                c.post("/api/folders/dns/move", Map.of("parentUid", ""));
                c.put("/api/folders/apps", Map.of("title", "Renamed", "overwrite", true));
            }
            Run forced = restore(into, "--force");
            assertEquals(0, forced.exit(), forced.toString());
            assertEquals("Dashboard 1", into.dashboardModel("dash-0001").path("title").asString());
            try (var c = new obs.grafana.GrafanaClient(into.url(), obs.grafana.GrafanaAuth.token(GrafanaFake.TOKEN))) {
                assertEquals("net", c.objects().folder("dns").orElseThrow().parentUid(), "moved back under its parent");
                assertEquals("Apps", c.objects().folder("apps").orElseThrow().title());
            }
        }
    }

    @Test
    void foldersAreCreatedParentsFirst() throws Exception {
        try (GrafanaFake into = GrafanaFake.start()) {
            Run run = restore(into, "--secrets", secrets.toString(), "-o", "json");
            assertEquals(0, run.exit(), run.toString());
            String out = run.out();
            assertTrue(out.indexOf("folder ops") < out.indexOf("folder net") && out.indexOf("folder net") < out.indexOf("folder dns"), out);
            try (var c = new obs.grafana.GrafanaClient(into.url(), obs.grafana.GrafanaAuth.token(GrafanaFake.TOKEN))) {
                assertEquals("net", c.objects().folder("dns").orElseThrow().parentUid());
            }
        }
    }

    @Test
    void dryRunChangesNothingAndMissingSecretsAreRefusedBeforeAnyChange() throws Exception {
        try (GrafanaFake into = GrafanaFake.start()) {
            Run dry = restore(into, "--dry-run");
            assertEquals(1, dry.exit(), dry.toString());
            assertTrue(dry.out().contains("would create"), dry.out());
            assertTrue(dry.out().contains("a restore would need --secrets for datasources.loki.basicAuthPassword, contactPoints.cp-slack.url"), dry.out());
            assertTrue(into.log().stream().allMatch(l -> l.startsWith("GET ")), into.log().toString());

            Run noSecrets = restore(into);
            assertEquals(2, noSecrets.exit(), noSecrets.toString());
            assertTrue(noSecrets.err().contains("secrets the set does not hold are needed: datasources.loki.basicAuthPassword"), noSecrets.err());
            assertEquals(0, into.folderCount());
            assertEquals(0, into.dashboardCount());
        }
    }

    @Test
    void aDamagedSetIsRefusedNamingTheFile() throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(set.resolve("grafana/folders.json").toFile(), "rw")) {
            f.setLength(f.length() - 1);
        }
        try (GrafanaFake into = GrafanaFake.start()) {
            Run run = restore(into, "--secrets", secrets.toString());
            assertEquals(1, run.exit(), run.toString());
            assertTrue(run.err().contains("refusing a damaged set, nothing was changed: grafana/folders.json: "), run.err());
            assertEquals(0, into.log().size());
        }
    }
}
