import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cron jobs and runbooks start obs commands in parallel: first runs on an empty JBANG_DIR (JBang fetched,
 * JDK linked, script built) and runs just after lib/ changed must all succeed, and so must every later run.
 * Runs a copy of the checkout (so lib/ can be edited) with folders under target/.
 */
class LauncherRaceTest {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path WORK = ROOT.resolve("target/launcher-race");

    @Test
    void parallelFirstRunsAndRunsAfterALibChangeAllSucceed() throws Exception {
        LauncherProcess.deleteTree(WORK);
        Path checkout = LauncherProcess.copyCheckout(ROOT, WORK.resolve("checkout"));
        Path home = WORK.resolve("jbang-home");
        Path cwd = Files.createDirectories(WORK.resolve("cwd"));

        parallelHelp(home, checkout, cwd, 4, "empty JBANG_DIR");

        Path lib = checkout.resolve("lib/obs/cli/Cli.java");
        Files.writeString(lib, "\n// changed by LauncherRaceTest\n", StandardOpenOption.APPEND);
        parallelHelp(home, checkout, cwd, 3, "after a lib/ change");

        Files.setLastModifiedTime(lib, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));
        Thread.sleep(2100);
        parallelHelp(home, checkout, cwd, 3, "after touching a lib/ file");

        for (int i = 0; i < 2; i++) {
            LauncherProcess.Run later = LauncherProcess.run(home, cwd, Map.of(), checkout.resolve("jbang").toString(),
                    "check-services", "--help");
            assertEquals(0, later.exit(), later.err());
            assertTrue(later.out().contains("Usage: check-services"), later.out());
            assertEquals("", later.err());
        }
    }

    private static void parallelHelp(Path home, Path checkout, Path cwd, int n, String when) throws Exception {
        List<LauncherProcess> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            runs.add(LauncherProcess.start(home, cwd, Map.of(), checkout.resolve("jbang").toString(),
                    "check-services", "--help"));
        }
        for (LauncherProcess p : runs) {
            LauncherProcess.Run r = p.finish();
            assertEquals(0, r.exit(), when + ": " + r.err());
            assertTrue(r.out().startsWith("Check that every installed"), when + ": " + r.out());
            assertTrue(r.out().contains("Usage: check-services"), when + ": " + r.out());
        }
    }
}
