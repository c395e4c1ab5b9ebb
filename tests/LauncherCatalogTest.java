import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `jbang <command>@obs` as the README documents it: the catalog registered once, then commands called from
 * any folder through the launcher on the PATH, on the fast path from the second call on. Also aliases
 * with preset arguments, which the fast path must pass before the user's.
 */
class LauncherCatalogTest {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final String ADD = "jbang catalog add --global --name obs \"$PWD/jbang-catalog.json\"";

    @Test
    void theDocumentedCatalogCommandWorksFromAnotherFolderWithAnEmptyJbangHome(@TempDir Path tmp) throws Exception {
        assertTrue(Files.readString(ROOT.resolve("README.md")).contains("./" + ADD + "\n"),
                "README must document: ./" + ADD);
        Path home = ROOT.resolve("target/launcher-catalog-home");
        LauncherProcess.deleteTree(home);
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("jbang"), ROOT.resolve("jbang"));
        Path cwd = Files.createDirectories(tmp.resolve("elsewhere"));
        // env(1) finds jbang on the PATH given to the child, as a shell would.
        Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"));
        byte[] catalog = Files.readAllBytes(ROOT.resolve("jbang-catalog.json"));

        LauncherProcess.Run add = LauncherProcess.run(home, cwd, env, "/usr/bin/env", "jbang", "catalog", "add", "--global", "--name", "obs",
                ROOT.resolve("jbang-catalog.json").toString());
        assertEquals(0, add.exit(), add.err());
        assertArrayEquals(catalog, Files.readAllBytes(ROOT.resolve("jbang-catalog.json")), "the project's catalog was changed");
        assertFalse(Files.exists(cwd.resolve("jbang-catalog.json")));

        LauncherProcess.Run first = LauncherProcess.run(home, cwd, env, "/usr/bin/env", "jbang", "check-services@obs", "--help");
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("Usage: check-services"), first.out());
        LauncherProcess.Run second = LauncherProcess.withoutJbang(home,
                () -> LauncherProcess.run(home, cwd, env, "/usr/bin/env", "jbang", "check-services@obs", "--help"));
        assertEquals(0, second.exit(), "the second call needed JBang: " + second.err());
        assertEquals(first.out(), second.out());
        assertEquals("", second.err());
        Files.delete(bin.resolve("jbang"));
    }

    @Test
    void catalogAddWithoutGlobalInsideTheCheckoutIsRefusedBeforeItChangesObsCatalog() throws Exception {
        byte[] catalog = Files.readAllBytes(ROOT.resolve("jbang-catalog.json"));
        LauncherProcess.Run r;
        try {
            r = LauncherProcess.run(LauncherTest.JBANG_DIR, ROOT.resolve("scripts"), Map.of(), ROOT.resolve("jbang").toString(),
                    "catalog", "add", "--name", "obs", ROOT.resolve("jbang-catalog.json").toString());
        } finally {
            byte[] after = Files.readAllBytes(ROOT.resolve("jbang-catalog.json"));
            Files.write(ROOT.resolve("jbang-catalog.json"), catalog);
            assertArrayEquals(catalog, after, "catalog add changed obs's own catalog");
        }
        assertEquals(2, r.exit(), r.err());
        assertEquals("[obs] error: without --global, catalog add would write into obs's own " + ROOT
                + "/jbang-catalog.json; use: ./jbang catalog add --global --name obs \"" + ROOT + "/jbang-catalog.json\"\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void presetArgumentsOfAnAliasComeBeforeTheUsersOnBothPaths(@TempDir Path tmp) throws Exception {
        Path catalog = tmp.resolve("jbang-catalog.json");
        Files.writeString(catalog, """
                {"aliases": {"pushgateway-check": {"script-ref": "%s", "arguments": ["--component", "pushgateway"]}}}
                """.formatted(ROOT.resolve("scripts/CheckServices.java")));
        presetArgumentsPass(LauncherTest.JBANG_DIR, tmp, ROOT.resolve("jbang"), "pushgateway-check@" + catalog);
    }

    /** Runs {@code ref} twice, the second time without JBang: both must check only the alias's preset component. */
    static void presetArgumentsPass(Path home, Path cwd, Path launcher, String ref) throws Exception {
        String[] args = {ref, "--endpoint", "pushgateway=http://127.0.0.1:1", "-q"};
        LauncherProcess.Run first = LauncherProcess.run(home, cwd, Map.of(), launcher.toString(), args);
        LauncherProcess.Run second = LauncherProcess.withoutJbang(home,
                () -> LauncherProcess.run(home, cwd, Map.of(), launcher.toString(), args));
        for (LauncherProcess.Run r : java.util.List.of(first, second)) {
            assertEquals(1, r.exit(), r.err());
            assertTrue(r.out().contains("connection refused: http://127.0.0.1:1/-/ready"), r.out() + r.err());
            assertFalse(r.out().contains("prometheus"), "--component pushgateway was lost: " + r.out());
        }
        assertEquals("", second.err());
    }
}
