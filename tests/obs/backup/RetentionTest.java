package obs.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import obs.fakes.GrafanaFake;
import obs.sandbox.SandboxFixture.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --keep and --keep-days prune old sets of the namespace, never the newest good one, and never other namespaces'. */
class RetentionTest {
    @TempDir
    Path dir;

    /** A complete-looking set that began {@code age} ago. */
    private Path oldSet(String name, Duration age) throws Exception {
        Path set = Files.createDirectories(dir.resolve(name));
        Manifest m = new Manifest(Manifest.FORMAT, "0.1.0", new Manifest.Source("endpoints", null, "endpoints"), Map.of(),
                Instant.now().minus(age).toString(), Instant.now().minus(age).toString(), List.of("grafana"), "none", false, List.of(), null, null);
        Files.write(set.resolve(Manifest.NAME), m.toBytes());
        return set;
    }

    @Test
    void keepCountsTheNewestAndKeepDaysNeverDeletesTheNewest() throws Exception {
        Path a = oldSet("endpoints-20250101T000000Z", Duration.ofDays(30));
        Path b = oldSet("endpoints-20250102T000000Z", Duration.ofDays(20));
        Path c = oldSet("endpoints-20250103T000000Z", Duration.ofDays(10));
        Path other = oldSet("prod-20250101T000000Z", Duration.ofDays(40));
        Path partialOfDeadRun = Files.createDirectories(dir.resolve(".endpoints-20250104T000000Z" + SetWriter.PARTIAL + "dead"));
        try (GrafanaFake fake = GrafanaSets.filled(2)) {
            Run run = GrafanaSets.backup(fake, dir, dir, "--keep", "2");
            assertEquals(0, run.exit(), run.toString());
            Path newest = Path.of(run.out().strip());
            assertTrue(Files.exists(newest) && Files.exists(c));
            assertFalse(Files.exists(a) || Files.exists(b) || Files.exists(partialOfDeadRun));
            assertTrue(Files.exists(other), "another namespace's sets are not touched");
            assertTrue(run.err().contains("pruned endpoints-20250101T000000Z"), run.err());

            Run days = GrafanaSets.backup(fake, dir, dir, "--keep-days", "5");
            assertEquals(0, days.exit(), days.toString());
            assertFalse(Files.exists(c), "older than 5 days");
            assertTrue(Files.exists(newest) && Files.exists(Path.of(days.out().strip())));
        }
        Path lone = oldSet("solo-20250101T000000Z", Duration.ofDays(400));
        assertEquals(List.of(), Retention.prune(dir, "solo", 1, 1, lone, Instant.now()), "the newest good set stays whatever its age");
    }

    @Test
    void keepZeroIsAUsageError() throws Exception {
        try (GrafanaFake fake = GrafanaSets.filled(1)) {
            Run run = GrafanaSets.backup(fake, dir, dir, "--keep", "0");
            assertEquals(2, run.exit(), run.toString());
            assertTrue(run.err().contains("--keep and --keep-days must be at least 1"), run.err());
        }
    }
}
