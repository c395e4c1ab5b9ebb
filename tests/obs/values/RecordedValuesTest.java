package obs.values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import obs.render.Rendering;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The values as install records them: the effective ones with secret-like values redacted, the given ones as a values file. */
class RecordedValuesTest {
    static final Profiles PROFILES = Rendering.set().profiles();
    static final List<String> SETS = List.of("alerting.webhookUrl=https://hooks.example.test/T0/tok-123", "alerting.smtpUsername=bot",
            "retention.metrics=15d", "nodeSelector[ao-node]=observability");

    @Test
    void theSchemaMarksTheValuesThatMayCarryACredential() {
        assertEquals(List.of("databases.redisAddress", "alerting.webhookUrl", "alerting.smtpUsername"), PROFILES.secretKeys());
    }

    @Test
    void redactionReplacesSetSecretsAndKeepsEmptyOnesAndEverythingElse() {
        String yaml = PROFILES.redactedYaml(PROFILES.resolve("calo-lab", List.of(), SETS, null));
        assertFalse(yaml.contains("tok-123") || yaml.contains("bot\n"), yaml);
        assertTrue(yaml.contains("  webhookUrl: <redacted>\n  emailTo: ''\n"), yaml);
        assertTrue(yaml.contains("  smtpUsername: <redacted>\n"), yaml);
        assertTrue(yaml.startsWith("namespace: ao\n"), yaml);
        assertTrue(yaml.contains("nodeSelector:\n  ao-node: observability\n"), yaml);
        assertTrue(yaml.contains("  metrics: 15d\n"), yaml);
    }

    @Test
    void theGivenValuesResolveToTheSameValuesAgain(@TempDir Path dir) throws Exception {
        String given = PROFILES.givenYaml(List.of(), SETS, "lab-2");
        assertTrue(given.contains("webhookUrl: https://hooks.example.test/T0/tok-123\n"), given);
        Path file = dir.resolve("given.yaml");
        Files.writeString(file, given);
        Values asGiven = PROFILES.resolve("calo-lab", List.of(), SETS, "lab-2");
        Values again = PROFILES.resolve("calo-lab", List.of(file), List.of(), null);
        assertEquals(PROFILES.redactedYaml(asGiven), PROFILES.redactedYaml(again));
        assertEquals(asGiven.alerting(), again.alerting(), "the redacted values too");
        assertEquals("{}\n", PROFILES.givenYaml(List.of(), List.of(), null));
    }
}
