package obs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import obs.core.Exit;
import obs.core.ObsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RepoRootTest {
    @Test
    void walksUpFromTheWorkingDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("jbang-catalog.json"), "{}");
        Files.createDirectories(dir.resolve("checks"));
        Path deep = Files.createDirectories(dir.resolve("a/b"));
        assertEquals(dir, RepoRoot.find(null, deep));
        assertEquals(dir, RepoRoot.find(dir.toString(), Path.of("/")));
    }

    @Test
    void outsideACheckoutOrWithABadObsHomeIsAUsageError(@TempDir Path dir) {
        ObsException e = assertThrows(ObsException.class, () -> RepoRoot.find(null, dir));
        assertEquals(Exit.USAGE, e.exit());
        assertEquals("cannot find the obs checkout (jbang-catalog.json) in " + dir + " or above: run obs inside it or set OBS_HOME",
                e.getMessage());
        assertEquals("OBS_HOME=" + dir + " is not an obs checkout (no jbang-catalog.json there)",
                assertThrows(ObsException.class, () -> RepoRoot.find(dir.toString(), dir)).getMessage());
    }
}
