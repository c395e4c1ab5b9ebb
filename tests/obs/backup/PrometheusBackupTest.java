package obs.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import obs.access.EndpointsFile;
import obs.sandbox.LocalStack;
import obs.sandbox.SandboxFixture;
import obs.sandbox.SandboxFixture.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Prometheus from Debian, filled with backfilled blocks (hours old) and remote-written samples (minutes
 * old): backed up through the admin API, verified by a scratch Prometheus, with the snapshot removed afterwards.
 */
class PrometheusBackupTest {
    static Path state;
    static long history;
    static long recent;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        SandboxFixture.assumeInstalled(List.of("prometheus"));
        state = Files.createTempDirectory("obs-backup-prom");
        history = History.backfill(state.resolve("prometheus/data"), 20, 500, 15, Duration.ofHours(3));
        LocalStack.up(new LocalStack.Options(state, Path.of("").toAbsolutePath(), List.of("prometheus"), false, Map.of()), Quiet.console());
        recent = History.remoteWrite(url(), 5, 30);
    }

    static URI url() {
        return URI.create(EndpointsFile.read(EndpointsFile.in(state)).components().get("prometheus").url());
    }

    @AfterAll
    static void stop() {
        if (state != null) {
            LocalStack.down(state, true, Quiet.console());
        }
    }

    @Test
    void backupRecordsCountsLeavesNoSnapshotAndVerifies() throws Exception {
        Path target = dir.resolve("sets");
        Path metrics = dir.resolve("obs_backup.prom");
        Run run = SandboxFixture.run("Backup", "--state-dir", state.toString(), "--only", "prometheus", "--to", target.toString(),
                "--metrics-file", metrics.toString());
        assertEquals(0, run.exit(), run.toString());
        Path set = Path.of(run.out().strip());
        assertTrue(set.getFileName().toString().matches("sandbox-\\d{8}T\\d{6}Z"), run.out());
        Manifest m = Manifest.read(set);
        long up = m.prometheus().metrics().get("up").samples();
        assertTrue(up >= history + recent, "up samples " + up + " < " + (history + recent));
        assertTrue(m.prometheus().metrics().get("up").series() >= 25, m.prometheus().toString());
        assertTrue(m.files().stream().anyMatch(f -> f.path().endsWith("/meta.json")));
        try (Stream<Path> left = Files.list(state.resolve("prometheus/data/snapshots"))) {
            assertEquals(0, left.count(), "the snapshot is deleted from Prometheus' volume");
        }
        try (Stream<Path> inTarget = Files.list(target)) {
            assertEquals(List.of(set.getFileName().toString()), inTarget.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".obs-backup.lock")).toList());
        }
        Run verify = SandboxFixture.run("Backup", "verify", set.toString());
        assertEquals(0, verify.exit(), verify.toString());
        assertTrue(verify.out().matches("(?s).*a scratch Prometheus \\(local Prometheus http://127\\.0\\.0\\.1:\\d+\\) serves the recorded.*"), verify.out());
        assertTrue(verify.err().contains("[obs] prometheus: restore drill on a local Prometheus (/"), verify.err());

        Process check = new ProcessBuilder("promtool", "check", "metrics").redirectInput(metrics.toFile()).redirectErrorStream(true).start();
        String said = new String(check.getInputStream().readAllBytes());
        assertTrue(check.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), said + Files.readString(metrics));
        String text = Files.readString(metrics);
        assertTrue(text.contains("obs_backup_success{component=\"prometheus\",namespace=\"sandbox\"} 1"), text);
        assertTrue(text.contains("obs_backup_last_success_timestamp_seconds{component=\"all\",namespace=\"sandbox\"}"), text);
    }

    /** One value of an instant query at a past time. */
    static String at(URI prometheus, String query, long seconds) throws Exception {
        String url = prometheus + "/api/v1/query?query=" + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8) + "&time=" + seconds;
        var reply = obs.http.PlainHttp.get(URI.create(url), Duration.ofSeconds(30));
        var result = obs.core.Json.mapper().readTree(reply.body()).path("data").path("result");
        return result.isEmpty() ? "none" : result.get(0).path("value").get(1).asString();
    }

    @Test
    void restoreIntoAFreshPrometheusBringsBackTheSamePastSamples() throws Exception {
        Run run = SandboxFixture.run("Backup", "--state-dir", state.toString(), "--only", "prometheus", "--to", dir.toString(), "--compress", "gzip");
        assertEquals(0, run.exit(), run.toString());
        Path set = Path.of(run.out().strip());
        Manifest m = Manifest.read(set);
        long past = m.prometheus().minTimeMs() / 1000 + 3600;
        String history = "sum(count_over_time(up{job=\"history\"}[1d]))";
        String before = at(url(), history, m.prometheus().evaluatedAtMs() / 1000);
        String pointBefore = at(url(), "sum(up{job=\"history\"})", past);
        Path fresh = dir.resolve("fresh");
        LocalStack.up(new LocalStack.Options(fresh, Path.of("").toAbsolutePath(), List.of("prometheus"), false, Map.of()), Quiet.console());
        try {
            URI freshUrl = URI.create(EndpointsFile.read(EndpointsFile.in(fresh)).components().get("prometheus").url());
            assertEquals("none", at(freshUrl, history, m.prometheus().evaluatedAtMs() / 1000));
            Run dry = SandboxFixture.run("Restore", "--state-dir", fresh.toString(), "--from", set.toString(), "--only", "prometheus", "--dry-run");
            assertEquals(0, dry.exit(), dry.toString());
            assertTrue(dry.out().contains("would create"), dry.out());
            Run restore = SandboxFixture.run("Restore", "--state-dir", fresh.toString(), "--from", set.toString(), "--only", "prometheus");
            assertEquals(0, restore.exit(), restore.toString());
            assertTrue(restore.out().contains("it serves the manifest's"), restore.out());
            URI restored = URI.create(EndpointsFile.read(EndpointsFile.in(fresh)).components().get("prometheus").url());
            assertEquals(freshUrl, restored, "started again on the same port");
            assertEquals(before, at(restored, history, m.prometheus().evaluatedAtMs() / 1000));
            assertEquals("20", pointBefore);
            assertEquals(pointBefore, at(restored, "sum(up{job=\"history\"})", past));

            Run again = SandboxFixture.run("Restore", "--state-dir", fresh.toString(), "--from", set.toString(), "--only", "prometheus");
            assertEquals(1, again.exit(), again.toString());
            assertTrue(again.out().contains("--force replaces them"), again.out());
        } finally {
            LocalStack.down(fresh, true, Quiet.console());
        }
    }

    @Test
    void withoutOnlyThePartsThereAreSaved() {
        Run run = SandboxFixture.run("Backup", "--state-dir", state.toString(), "--to", dir.toString());
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.err().contains("[obs] grafana: not in the sandbox, not saved"), run.err());
        assertTrue(run.err().contains("[obs] alertmanager: not in the sandbox, not saved"), run.err());
        Manifest m = Manifest.read(Path.of(run.out().strip()));
        assertEquals(List.of("prometheus", "config"), m.parts());
        assertTrue(m.files().stream().anyMatch(f -> f.path().startsWith("config/sandbox/prometheus/")), m.files().toString());
    }

    @Test
    void gzipSetVerifiesToo() {
        Run run = SandboxFixture.run("Backup", "--state-dir", state.toString(), "--only", "prometheus", "--to", dir.toString(),
                "--compress", "gzip");
        assertEquals(0, run.exit(), run.toString());
        Path set = Path.of(run.out().strip());
        assertTrue(Files.isRegularFile(set.resolve("prometheus/snapshot.tar.gz")));
        assertFalse(Files.exists(set.resolve("prometheus/snapshot")));
        Run verify = SandboxFixture.run("Backup", "verify", set.toString(), "-o", "json");
        assertEquals(0, verify.exit(), verify.toString());
        assertTrue(verify.out().contains("\"ok\" : true"), verify.out());
    }
}
