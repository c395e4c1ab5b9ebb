package obs.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import obs.access.EndpointsFile;
import obs.sandbox.LocalStack;
import obs.sandbox.SandboxFixture;
import obs.sandbox.SandboxFixture.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Alertmanager: its configuration and a silence saved, the silence put back into a fresh Alertmanager. */
class AlertmanagerBackupTest {
    @TempDir
    Path dir;

    static URI url(Path state) {
        return URI.create(EndpointsFile.read(EndpointsFile.in(state)).components().get("alertmanager").url());
    }

    static String silences(URI am) throws Exception {
        try (HttpClient c = HttpClient.newHttpClient()) {
            return c.send(HttpRequest.newBuilder(URI.create(am + "/api/v2/silences")).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    @Test
    void configAndSilencesAreSavedAndSilencesRestored() throws Exception {
        SandboxFixture.assumeInstalled(List.of("alertmanager"));
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        LocalStack.up(new LocalStack.Options(a, Path.of("").toAbsolutePath(), List.of("alertmanager"), false, Map.of()), Quiet.console());
        try {
            String silence = "{\"matchers\":[{\"name\":\"alertname\",\"value\":\"BackupDrill\",\"isRegex\":false,\"isEqual\":true}],"
                    + "\"startsAt\":\"" + Instant.now() + "\",\"endsAt\":\"" + Instant.now().plus(2, ChronoUnit.HOURS)
                    + "\",\"createdBy\":\"test\",\"comment\":\"drill\"}";
            try (HttpClient c = HttpClient.newHttpClient()) {
                var r = c.send(HttpRequest.newBuilder(URI.create(url(a) + "/api/v2/silences")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(silence)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
            }
            Run backup = SandboxFixture.run("Backup", "--state-dir", a.toString(), "--only", "alertmanager,config", "--to", dir.resolve("sets").toString());
            assertEquals(0, backup.exit(), backup.toString());
            Path set = Path.of(backup.out().strip());
            assertTrue(Files.readString(set.resolve("alertmanager/alertmanager.yml")).contains("route:"));
            assertTrue(Files.readString(set.resolve("alertmanager/silences.json")).contains("BackupDrill"));
            assertTrue(Manifest.read(set).files().stream().anyMatch(f -> f.path().startsWith("config/sandbox/alertmanager/")));

            LocalStack.up(new LocalStack.Options(b, Path.of("").toAbsolutePath(), List.of("alertmanager"), false, Map.of()), Quiet.console());
            Run restore = SandboxFixture.run("Restore", "--state-dir", b.toString(), "--only", "alertmanager", "--from", set.toString());
            assertEquals(0, restore.exit(), restore.toString());
            assertTrue(silences(url(b)).contains("BackupDrill"));
            Run again = SandboxFixture.run("Restore", "--state-dir", b.toString(), "--only", "alertmanager", "--from", set.toString());
            assertEquals(0, again.exit(), again.toString());
            assertTrue(again.out().contains("unchanged"), again.out());
        } finally {
            LocalStack.down(a, true, Quiet.console());
            LocalStack.down(b, true, Quiet.console());
        }
    }
}
