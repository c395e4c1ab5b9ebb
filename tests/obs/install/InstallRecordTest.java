package obs.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import obs.core.ObsVersion;
import obs.install.MockCluster.Run;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** install records its profile and values: the effective values redacted in a ConfigMap, the given ones in a Secret. */
class InstallRecordTest extends WithOneNodeCluster {
    static final String TOKEN = "s3cr3t-webhook-token-0042";
    static final String SMTP_USER = "alerts-bot-user";

    Path values(String token) throws Exception {
        Path f = tmp.resolve("values-" + token.hashCode() + ".yaml");
        Files.writeString(f, """
                alerting:
                  webhookUrl: https://hooks.example.test/services/T000/%s
                  smtpSmarthost: smtp.example.test:587
                  emailFrom: obs@example.test
                  emailTo: oncall@example.test
                  smtpUsername: %s
                """.formatted(token, SMTP_USER));
        return f;
    }

    static String decoded(Secret s, String key) {
        return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }

    @Test
    void installRecordsTheProfileAndValuesWithSecretsOnlyInTheSecret() throws Exception {
        Path given = values(TOKEN);
        Run r = install("-f", given.toString(), "--set", "retention.metrics=15d");
        assertEquals(0, r.exit(), r.err());
        assertFalse((r.out() + r.err()).contains(TOKEN) || (r.out() + r.err()).contains(SMTP_USER), r.err());

        ConfigMap record = cluster.client.configMaps().inNamespace(NS).withName(InstallRecord.CONFIG_MAP).get();
        assertNotNull(record);
        Map<String, String> data = record.getData();
        assertEquals(ObsVersion.VERSION, data.get(InstallRecord.VERSION));
        assertEquals("default", data.get(InstallRecord.PROFILE));
        assertTrue(Instant.parse(data.get(InstallRecord.INSTALLED_AT)).isAfter(Instant.now().minusSeconds(600)));
        String effective = data.get(InstallRecord.VALUES);
        assertFalse(effective.contains(TOKEN) || effective.contains(SMTP_USER), effective);
        assertTrue(effective.contains("  webhookUrl: <redacted>\n") && effective.contains("  smtpUsername: <redacted>\n"), effective);
        assertTrue(effective.contains("  smtpSmarthost: smtp.example.test:587\n") && effective.contains("  metrics: 15d\n"), effective);
        assertTrue(effective.contains("  redisAddress: <redacted>\n"), "a redis URL may hold a password: " + effective);
        assertTrue(effective.startsWith("# The effective values of this installation. Secret-like values (databases.redisAddress, "
                + "alerting.webhookUrl, alerting.smtpUsername) read <redacted>;\n"), effective);
        assertEquals("obs", record.getMetadata().getLabels().get("app.kubernetes.io/part-of"));

        Secret secret = cluster.client.secrets().inNamespace(NS).withName(InstallRecord.SECRET).get();
        assertEquals("obs", secret.getMetadata().getLabels().get("app.kubernetes.io/part-of"));
        Map<String, Map<String, Object>> inClear = new Yaml().load(decoded(secret, InstallRecord.VALUES));
        assertEquals("https://hooks.example.test/services/T000/" + TOKEN, inClear.get("alerting").get("webhookUrl"));
        assertEquals(SMTP_USER, inClear.get("alerting").get("smtpUsername"));
        assertEquals("15d", inClear.get("retention").get("metrics"));
        assertEquals(Map.of("alerting", 5, "retention", 1), Map.of("alerting", inClear.get("alerting").size(),
                "retention", inClear.get("retention").size()), "only what was given on top of the profile: " + inClear);

        int writes = cluster.api.writes();
        Run again = install("-f", given.toString(), "--set", "retention.metrics=15d");
        assertEquals(0, again.exit(), again.err());
        assertEquals(writes, cluster.api.writes(), "the same inputs later write nothing, the install time included\n" + again.err());
        Path saved = tmp.resolve("recorded.yaml");
        Files.writeString(saved, decoded(secret, InstallRecord.VALUES));
        Run fromRecord = cluster.run("Install", "--diff", "--profile", data.get(InstallRecord.PROFILE), "-f", saved.toString());
        assertEquals(0, fromRecord.exit(), "the recorded values install the same again\n" + fromRecord.out());
        assertTrue(fromRecord.out().matches("0 to create, 0 to update, \\d+ unchanged\n"), fromRecord.out());
    }

    @Test
    void aChangedSecretValueShowsInTheDiffWithoutItsValue() throws Exception {
        assertEquals(0, install("-f", values(TOKEN).toString()).exit());
        Run diff = cluster.run("Install", "--diff", "-f", values("an0ther-t0ken-9999").toString());
        assertEquals(1, diff.exit(), diff.err());
        assertTrue(diff.out().contains("~ update Secret " + InstallRecord.SECRET + " (" + NS + ")\n"
                + "    data.values.yaml: (secret value, not shown) -> (new secret value, not shown)\n"), diff.out());
        assertFalse(diff.out().contains("ConfigMap " + InstallRecord.CONFIG_MAP), "redacted, the effective values are the same: " + diff.out());
    }

    @Test
    void aFirstDiffListsTheRecordAndUninstallRemovesIt() {
        Run first = cluster.run("Install", "--diff");
        assertTrue(first.out().contains("+ create ConfigMap " + InstallRecord.CONFIG_MAP + " (" + NS + ")\n+ create Secret "
                + InstallRecord.SECRET + " (" + NS + ")\n"), first.out());
        assertEquals(0, install().exit());
        Secret secret = cluster.client.secrets().inNamespace(NS).withName(InstallRecord.SECRET).get();
        assertEquals("{}\n", decoded(secret, InstallRecord.VALUES), "nothing given on top of the profile");
        Run off = cluster.run("Uninstall", NS, "--yes");
        assertEquals(0, off.exit(), off.err());
        assertNull(cluster.client.configMaps().inNamespace(NS).withName(InstallRecord.CONFIG_MAP).get());
        assertNull(cluster.client.secrets().inNamespace(NS).withName(InstallRecord.SECRET).get());
    }

    @Test
    void theRecordedVersionIsThePomVersion() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        assertTrue(pom.contains("<artifactId>obs</artifactId>\n  <version>" + ObsVersion.VERSION + "</version>"), "pom.xml and ObsVersion agree");
    }
}
