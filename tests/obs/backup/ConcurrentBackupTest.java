package obs.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import obs.fakes.GrafanaFake;
import obs.sandbox.SandboxFixture;
import obs.sandbox.SandboxFixture.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two backups started at once into one folder: two sets with distinct names, both intact. */
class ConcurrentBackupTest {
    @TempDir
    Path dir;

    @Test
    void twoAtOnceMakeTwoGoodSets() throws Exception {
        try (GrafanaFake fake = GrafanaSets.filled(40); ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Path target = dir.resolve("sets");
            GrafanaSets.token(dir);
            Callable<Run> one = () -> GrafanaSets.backup(fake, dir, target, "--keep", "5");
            List<Future<Run>> runs = pool.invokeAll(List.of(one, one));
            Run a = runs.get(0).get();
            Run b = runs.get(1).get();
            assertEquals(0, a.exit(), a.toString());
            assertEquals(0, b.exit(), b.toString());
            assertNotEquals(a.out().strip(), b.out().strip());
            for (Run r : List.of(a, b)) {
                Run verify = SandboxFixture.run("Backup", "verify", r.out().strip());
                assertEquals(0, verify.exit(), verify.toString());
            }
            assertEquals(2, Retention.sets(target, "endpoints").size());
        }
    }
}
