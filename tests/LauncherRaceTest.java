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

        // An alias with preset arguments in the checkout's own catalog, called by its bare name.
        Path catalog = checkout.resolve("jbang-catalog.json");
        Files.writeString(catalog, Files.readString(catalog).replaceFirst("\"aliases\": \\{", """
                "aliases": {
                    "pushgateway-check": {"script-ref": "scripts/CheckServices.java", "arguments": ["--component", "pushgateway"]},"""));
        LauncherCatalogTest.presetArgumentsPass(home, cwd, checkout.resolve("jbang"), "pushgateway-check");
    }

    /**
     * A cached jar cut short (the state two racing builds used to leave behind: every later run failed with
     * ClassNotFoundException), and a damaged fast-path cache file or AOT cache: the next run rebuilds or
     * ignores what is damaged and succeeds.
     */
    @Test
    void aDamagedJarOrFastPathCacheIsRebuiltNotTrusted() throws Exception {
        Path home = LauncherTest.JBANG_DIR;
        Path cwd = Files.createDirectories(ROOT.resolve("target/launcher-cwd"));
        helpWorks(home, cwd, "first run");
        Path jar;
        try (var jars = Files.newDirectoryStream(home.resolve("cache/jars"), "CheckServices.java.*")) {
            jar = jars.iterator().next().resolve("CheckServices.jar");
        }
        long size = Files.size(jar);
        try (var ch = java.nio.channels.FileChannel.open(jar, StandardOpenOption.WRITE)) {
            ch.truncate(15_000);
        }
        helpWorks(home, cwd, "after the jar was cut short");
        helpWorks(home, cwd, "the run after that");
        try (var jars = Files.newDirectoryStream(home.resolve("cache/jars"), "CheckServices.java.*")) {
            jar = jars.iterator().next().resolve("CheckServices.jar");
        }
        assertEquals(size, Files.size(jar), "the jar was not rebuilt");

        Path launch = LauncherTest.fastPathFile("check-services");
        byte[] good = Files.readAllBytes(launch);
        Files.write(launch, java.util.Arrays.copyOf(good, good.length / 2));
        helpWorks(home, cwd, "after the fast-path file was cut short");
        byte[] garbage = good.clone();
        for (int i = good.length / 3; i < good.length / 3 + 40; i++) {
            garbage[i] = (byte) 'x';
        }
        Files.write(LauncherTest.fastPathFile("check-services"), garbage);
        helpWorks(home, cwd, "after the fast-path file's class path was overwritten");
        Files.setLastModifiedTime(LauncherTest.fastPathFile("check-services"), java.nio.file.attribute.FileTime.fromMillis(0));
        helpWorks(home, cwd, "after the fast-path file got an old time stamp");

        // The AOT cache is written by a background JVM after a run that is not --help recorded what it loads.
        Path aot = null;
        for (int i = 0; i < 30 && aot == null; i++) {
            LauncherProcess.Run usage = LauncherProcess.run(home, cwd, Map.of(), ROOT.resolve("jbang").toString(), "check-services",
                    "--obs-no-such-option");
            assertEquals(2, usage.exit(), "waiting for the AOT cache: " + usage.err());
            for (int j = 0; j < 40 && aot == null; j++) {
                aot = LauncherTest.aotCache(LauncherTest.fastPathFile("check-services"));
                Thread.sleep(250);
            }
        }
        assertTrue(aot != null, "no AOT cache was written");
        Files.write(aot, "not an AOT cache".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        helpWorks(home, cwd, "after the AOT cache was damaged");
    }

    private static void helpWorks(Path home, Path cwd, String when) throws Exception {
        LauncherProcess.Run r = LauncherProcess.run(home, cwd, Map.of(), ROOT.resolve("jbang").toString(), "check-services", "--help");
        assertEquals(0, r.exit(), when + ": " + r.err());
        assertTrue(r.out().startsWith("Check that every installed"), when + ": " + r.out());
        assertTrue(r.out().contains("Usage: check-services"), when + ": " + r.out());
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
