package obs.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import obs.install.AdminSecret;
import obs.install.InstallRecord;
import obs.install.MockCluster;
import obs.install.MockCluster.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The install record and the stack's Secrets through backup and restore against fabric8's mock API server: the record's
 * ConfigMap saved like the others, every Secret only sealed in secrets.pgp, and restore --only config with the key
 * bringing the Secrets back without printing them, never over an existing one without --force.
 */
class SecretRestoreTest {
    static final String NS = "kube-observability-stack";
    static final String TOKEN = "s3cr3t-webhook-token-0042";
    static final String SMTP_USER = "alerts-bot-user";
    static final String PASSPHRASE = "correct horse battery staple";
    @TempDir Path dir;
    MockCluster cluster;
    Path key;

    @BeforeEach
    void install() throws Exception {
        cluster = MockCluster.oneNode(dir);
        Path values = dir.resolve("values.yaml");
        Files.writeString(values, """
                alerting:
                  webhookUrl: https://hooks.example.test/services/T000/%s
                  smtpUsername: %s
                """.formatted(TOKEN, SMTP_USER));
        Run install = cluster.run("Install", "-f", values.toString(), "--timeout", "30s");
        assertEquals(0, install.exit(), install.err());
        key = dir.resolve("key");
        Files.writeString(key, PASSPHRASE + "\n");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    Path backup() {
        Run backup = cluster.run("Backup", NS, "--only", "config", "--include-secrets", "--secrets-key-file", key.toString(),
                "--to", dir.resolve("sets").toString());
        assertEquals(0, backup.exit(), backup.toString());
        return Path.of(backup.out().strip());
    }

    Run restore(Path set, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(NS, "--only", "config", "--from", set.toString()));
        args.addAll(List.of(more));
        return cluster.run("Restore", args.toArray(String[]::new));
    }

    Secret secret(String name) {
        return cluster.client.secrets().inNamespace(NS).withName(name).get();
    }

    /** Every clear form of a secret this test knows: the values, and the Secrets' data as the API holds it. */
    List<String> clearSecrets(Map<String, String> given, Map<String, String> admin) {
        String password = new String(Base64.getDecoder().decode(admin.get("admin-password")), StandardCharsets.UTF_8);
        return List.of(TOKEN, SMTP_USER, password, admin.get("admin-password"), given.get(InstallRecord.VALUES));
    }

    static void assertNoneIn(String text, List<String> secrets) {
        secrets.forEach(s -> assertFalse(text.contains(s), "a secret value was printed or written:\n" + text));
    }

    @Test
    void backupSealsTheSecretsAndRestoreBringsThemBackOnlyWithForceOverExistingOnes() throws Exception {
        Map<String, String> given = secret(InstallRecord.SECRET).getData();
        Map<String, String> admin = secret(AdminSecret.NAME).getData();
        // The user's own Secret, without obs's labels, that the Alertmanager StatefulSet mounts.
        String receiverToken = "receiver-token-0123456789";
        cluster.client.secrets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata()
                .withName("alertmanager-receivers").endMetadata().addToData("webhook-token", Base64.getEncoder().encodeToString(receiverToken.getBytes(StandardCharsets.UTF_8))).build()).create();
        List<String> clear = new java.util.ArrayList<>(clearSecrets(given, admin));
        clear.add(receiverToken);
        Map<String, String> receivers = secret("alertmanager-receivers").getData();
        clear.add(receivers.get("webhook-token"));
        Path set = backup();
        String record = Files.readString(set.resolve("config/configmaps/" + InstallRecord.CONFIG_MAP + ".yaml"));
        assertTrue(record.contains("webhookUrl: <redacted>") && record.contains("profile: \"default\""), record);
        assertNoneIn(record, clear);
        try (Stream<Path> files = Files.walk(set)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                // alertmanager.yml holds the webhook URL and SMTP user by the values' design (the credentials themselves are
                // files of Secret alertmanager-receivers); the Secrets' data is in no file in clear.
                assertNoneIn(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1),
                        f.endsWith("alertmanager-config.yaml") ? clear.subList(2, clear.size()) : clear);
            }
        }

        cluster.client.secrets().inNamespace(NS).withName(InstallRecord.SECRET).delete();
        cluster.client.secrets().inNamespace(NS).withName("alertmanager-receivers").delete();
        cluster.client.configMaps().inNamespace(NS).withName(InstallRecord.CONFIG_MAP).delete();
        Secret changed = secret(AdminSecret.NAME);
        changed.setData(Map.of("admin-user", admin.get("admin-user"), "admin-password", Base64.getEncoder().encodeToString("changed-by-hand".getBytes())));
        cluster.client.resource(changed).update();
        int writes = cluster.api.writes();

        Run dry = restore(set, "--secrets-key-file", key.toString(), "--dry-run");
        assertEquals(1, dry.exit(), dry.toString());
        assertTrue(dry.out().matches("(?s).*config +secret " + InstallRecord.SECRET + " +would create +keys: values.yaml\n.*"), dry.out());
        assertTrue(dry.out().matches("(?s).*config +secret " + AdminSecret.NAME + " +kept +exists and differs from the set "
                + "\\(keys that differ: admin-password\\)\n.*"), dry.out());
        assertTrue(dry.out().matches("(?s).*config +configmap " + InstallRecord.CONFIG_MAP + " +would create.*"), dry.out());
        assertTrue(dry.out().matches("(?s).*config +secret alertmanager-receivers +would create +keys: webhook-token\n.*"), dry.out());
        assertNoneIn(dry.out() + dry.err(), clear);
        assertFalse((dry.out() + dry.err()).contains("changed-by-hand"), dry.toString());
        assertEquals(writes, cluster.api.writes(), "a dry run changes nothing");
        assertTrue(dry.err().contains("[obs] the set's stack was installed by obs 0.1.0 with profile default at "), dry.err());

        Run kept = restore(set, "--secrets-key-file", key.toString());
        assertEquals(1, kept.exit(), kept.toString());
        assertNoneIn(kept.out() + kept.err(), clear);
        assertEquals(given, secret(InstallRecord.SECRET).getData());
        assertEquals(receivers, secret("alertmanager-receivers").getData());
        assertEquals("obs", secret(InstallRecord.SECRET).getMetadata().getLabels().get("app.kubernetes.io/part-of"));
        assertNotNull(cluster.client.configMaps().inNamespace(NS).withName(InstallRecord.CONFIG_MAP).get());
        assertEquals(changed.getData(), secret(AdminSecret.NAME).getData(), "an existing Secret is kept without --force");
        assertTrue(kept.err().contains("; to install the same again: kubectl -n " + NS + " get secret " + InstallRecord.SECRET
                + " -o jsonpath='{.data.values\\.yaml}' | base64 -d > values.yaml && jbang install " + NS + " --profile default -f values.yaml\n"),
                kept.err());

        Run forced = restore(set, "--secrets-key-file", key.toString(), "--force");
        assertEquals(0, forced.exit(), forced.toString());
        assertTrue(forced.out().matches("(?s).*config +secret " + AdminSecret.NAME + " +replaced +keys that differ: admin-password; "
                + "Grafana takes it only into a new database: the password in its database stays until changed there\n.*"), forced.out());
        assertTrue(forced.out().matches("(?s).*config +secret " + InstallRecord.SECRET + " +unchanged.*"), forced.out());
        assertEquals(admin, secret(AdminSecret.NAME).getData());
        assertNoneIn(forced.out() + forced.err(), clear);
    }

    @Test
    void aWrongKeyFailsBeforeAnythingChangesAndNoKeySaysWhatTheSetHolds() throws Exception {
        Path set = backup();
        cluster.client.secrets().inNamespace(NS).withName(InstallRecord.SECRET).delete();
        cluster.client.secrets().inNamespace(NS).withName("alertmanager-receivers").delete();
        cluster.client.configMaps().inNamespace(NS).withName("prometheus-config").delete();
        int writes = cluster.api.writes();
        Path wrong = dir.resolve("wrong-key");
        Files.writeString(wrong, "not the right passphrase\n");

        Run r = restore(set, "--secrets-key-file", wrong.toString());
        assertEquals(1, r.exit(), r.toString());
        assertEquals("", r.out());
        assertEquals("[obs] error: cannot decrypt secrets.pgp: wrong key, or the file is damaged; nothing was changed\n", r.err());
        assertEquals(writes, cluster.api.writes());
        assertNull(cluster.client.configMaps().inNamespace(NS).withName("prometheus-config").get(), "not even the ConfigMaps");

        var record = cluster.client.configMaps().inNamespace(NS).withName(InstallRecord.CONFIG_MAP).get();
        record.getData().put(InstallRecord.INSTALLED_AT, "2030-01-01T00:00:00Z");
        cluster.client.resource(record).update();
        Run noKey = restore(set);
        assertEquals(0, noKey.exit(), noKey.toString());
        assertTrue(noKey.err().contains("[obs] the set holds secrets.pgp (encrypted contact point secrets and the stack's Secrets): "
                + "--secrets-key-file restores them from it\n"), noKey.err());
        assertTrue(noKey.err().contains("the values given on top of the profile are sealed in secrets.pgp as Secret " + InstallRecord.SECRET
                + ", not restored: restore it with --secrets-key-file"), noKey.err());
        assertNull(secret(InstallRecord.SECRET));
        assertNotNull(cluster.client.configMaps().inNamespace(NS).withName("prometheus-config").get());
        assertTrue(noKey.out().matches("(?s).*config +configmap " + InstallRecord.CONFIG_MAP + " +unchanged +installed again with the "
                + "same inputs at 2030-01-01T00:00:00Z\n.*"), noKey.out());
    }
}
