package obs.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import obs.core.ObsException;
import obs.exec.Tools;
import obs.fakes.GrafanaFake;
import obs.sandbox.SandboxFixture;
import obs.sandbox.SandboxFixture.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --include-secrets: secrets only inside secrets.pgp, opened by the user's key (and by gpg), used by restore. */
class SecretsTest {
    @TempDir
    Path dir;

    @Test
    void secretsAreSavedEncryptedOnlyAndRestoreUsesThem() throws Exception {
        Path key = dir.resolve("key");
        Files.writeString(key, "correct horse battery staple\n");
        try (GrafanaFake source = GrafanaSets.filled(3)) {
            Run run = GrafanaSets.backup(source, dir, dir.resolve("sets"), "--include-secrets", "--secrets-key-file", key.toString());
            assertEquals(0, run.exit(), run.toString());
            Path set = Path.of(run.out().strip());
            assertTrue(Manifest.read(set).secretsEncrypted());
            GrafanaBackupTest.assertNoSecretIn(set);
            byte[] clear = SecretsBox.open(Files.readAllBytes(set.resolve(SecretsBox.FILE)), "correct horse battery staple".toCharArray());
            assertTrue(new String(clear, StandardCharsets.UTF_8).contains(GrafanaSets.SLACK_SECRET));
            ObsException wrong = assertThrows(ObsException.class,
                    () -> SecretsBox.open(Files.readAllBytes(set.resolve(SecretsBox.FILE)), "not the right passphrase".toCharArray()));
            assertEquals("cannot decrypt secrets.pgp: wrong key, or the file is damaged", wrong.getMessage());
            if (Tools.find("gpg").isPresent()) {
                Files.createDirectories(dir.resolve("gnupg"));
                Process gpg = new ProcessBuilder("gpg", "--batch", "--quiet", "--homedir", dir.resolve("gnupg").toString(), "--passphrase-file",
                        key.toString(), "--decrypt", set.resolve(SecretsBox.FILE).toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String out = new String(gpg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(gpg.waitFor(60, TimeUnit.SECONDS));
                assertTrue(out.contains(GrafanaSets.SLACK_SECRET), "gpg opens it too");
            }
            Path lokiOnly = dir.resolve("loki.json");
            Files.writeString(lokiOnly, "{\"datasources\": {\"loki\": {\"basicAuthPassword\": \"x-loki-password\"}}}");
            try (GrafanaFake into = GrafanaFake.start()) {
                Run restore = SandboxFixture.run("Restore", "--endpoint", "grafana=" + into.url(), "--only", "grafana", "--grafana-token-file",
                        GrafanaSets.token(dir).toString(), "--from", set.toString(), "--secrets", lokiOnly.toString(),
                        "--secrets-key-file", key.toString());
                assertEquals(0, restore.exit(), restore.toString());
                try (var c = new obs.grafana.GrafanaClient(into.url(), obs.grafana.GrafanaAuth.token(GrafanaFake.TOKEN))) {
                    assertTrue(c.alerting().contactPointsDecrypted().toString().contains(GrafanaSets.SLACK_SECRET));
                }
            }
        }
    }

    @Test
    void secretsNeedAKeyAndAShortKeyIsRefused() throws Exception {
        try (GrafanaFake fake = GrafanaSets.filled(1)) {
            Run noKey = GrafanaSets.backup(fake, dir, dir.resolve("sets"), "--include-secrets");
            assertEquals(2, noKey.exit(), noKey.toString());
            assertTrue(noKey.err().contains("--include-secrets and --secrets-key-file go together"), noKey.err());
            Path shortKey = dir.resolve("short");
            Files.writeString(shortKey, "abc\n");
            Run weak = GrafanaSets.backup(fake, dir, dir.resolve("sets"), "--include-secrets", "--secrets-key-file", shortKey.toString());
            assertEquals(2, weak.exit(), weak.toString());
            assertTrue(weak.err().contains("the key must be at least 16 characters"), weak.err());
            assertEquals(List.of(), fake.log());
        }
    }
}
