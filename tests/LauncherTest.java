import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real launcher: ./jbang fetches JBang, builds every catalog alias, runs its --help, passes exit codes
 * through, and serves repeat runs from the fast path. JBANG_DIR lives under target/ so a clean checkout
 * starts from nothing.
 */
class LauncherTest {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path JBANG_DIR = ROOT.resolve("target/jbang-home");

    record Run(int exit, String out, String err) {
    }

    static Run jbang(String... args) throws Exception {
        return jbang(java.util.Map.of(), args);
    }

    static Run jbang(java.util.Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("jbang").toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("jbang", ".out");
        Path err = Files.createTempFile("jbang", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Files.createTempDirectory("cwd").toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("JBANG_DIR", JBANG_DIR.toString());
        pb.environment().remove("OBS_HOME");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "./jbang " + String.join(" ", args) + " did not finish");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void everyAliasBuildsAndPrintsHelpThenRunsFromTheFastPath() throws Exception {
        for (String alias : ScriptsTest.catalog().keySet()) {
            Run first = jbang(alias, "--help");
            assertEquals(0, first.exit(), alias + ": " + first.err());
            assertTrue(first.out().contains("Usage: " + alias), first.out());
            // A cache left by an earlier run of this test on the same build goes, so that the runs below decide.
            deleteAotCaches(fastPathFile(alias));
            Run second = jbang(alias, "--help");
            assertEquals(0, second.exit(), alias + ": " + second.err());
            assertEquals(first.out(), second.out());
            assertFalse(second.err().contains("[jbang]"), alias + " second run went through JBang: " + second.err());
            Path launch = fastPathFile(alias);
            assertTrue(Files.readString(launch, StandardCharsets.ISO_8859_1).contains("/cache/obs-fast/upgraded/picocli-"),
                    alias + ": the fast path runs picocli's Java 5 classes, which the AOT cache cannot keep");
            assertTrue(aotCache(launch) == null, alias + ": a --help run was recorded for the AOT cache");
            // The first run that is not --help records an AOT configuration; a background JVM turns it into the cache.
            Run usage = jbang(alias, "--obs-no-such-option");
            assertEquals(2, usage.exit(), alias + ": " + usage.err());
            awaitAotCache(alias, launch);
            Run third = LauncherProcess.withoutJbang(JBANG_DIR, () -> jbang(alias, "--help"));
            assertEquals(0, third.exit(), alias + ": " + third.err());
            assertEquals(first.out(), third.out());
            assertEquals("", third.err());
        }
    }

    static void deleteAotCaches(Path launch) throws Exception {
        for (Path old = aotCache(launch); old != null; old = aotCache(launch)) {
            Files.delete(old);
        }
    }

    static void awaitAotCache(String alias, Path launch) throws Exception {
        for (int i = 0; i < 240 && aotCache(launch) == null; i++) {
            Thread.sleep(250);
        }
        assertTrue(aotCache(launch) != null, alias + ": no AOT cache was written");
    }

    @Test
    void aSuccessfulRunOnTheFastPathOpensNoJar() throws Exception {
        Run first = jbang("probe", "--list-modules");
        assertEquals(0, first.exit(), first.err());
        // The cache is recorded once per build, by the first run that is not --help: record it from this command.
        Path launch = fastPathFile("probe");
        deleteAotCaches(launch);
        assertEquals(first.out(), jbang("probe", "--list-modules").out());
        awaitAotCache("probe", launch);
        // The JDK's class path loader reports every jar it opens. With the AOT cache, a run that succeeds must open
        // none: one class missed (picocli's probe for Groovy), SnakeYAML's System.Logger or System.exit's debug log
        // of the exit each open all 77 jars of the class path, tens of milliseconds.
        Run traced = jbang(java.util.Map.of("JAVA_TOOL_OPTIONS", "-Dsun.misc.URLClassPath.debug=true"), "probe", "--list-modules");
        assertEquals(0, traced.exit(), traced.err());
        assertEquals(first.out(), traced.out());
        assertFalse(traced.err().contains("Opening file:"), traced.err());
    }

    /** The fast-path cache file of ./jbang ALIAS for this checkout. */
    static Path fastPathFile(String alias) throws Exception {
        try (var files = Files.newDirectoryStream(JBANG_DIR.resolve("cache/obs-fast"), alias + "-*.launch")) {
            for (Path f : files) {
                if (Files.readString(f, StandardCharsets.ISO_8859_1).contains("\0" + ROOT + "/jbang-catalog.json\0")) {
                    return f;
                }
            }
        }
        throw new AssertionError("no fast-path file for " + alias);
    }

    /** The AOT cache written for the fast-path file {@code launch}, or null. */
    static Path aotCache(Path launch) throws Exception {
        try (var files = Files.newDirectoryStream(launch.getParent(), launch.getFileName() + ".aot-*")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!name.contains(".conf.") && !name.contains(".tmp")) {
                    return f;
                }
            }
        }
        return null;
    }

    @Test
    void withoutMavenTheFirstRunSaysWhatToInstall(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        // A PATH with every tool of /usr/bin and /bin but mvn, and an empty JBANG_DIR: bootstrap must stop at once.
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        for (String dir : List.of("/bin", "/usr/bin")) {
            try (var tools = Files.list(Path.of(dir))) {
                for (Path tool : tools.toList()) {
                    Path link = bin.resolve(tool.getFileName());
                    if (!tool.getFileName().toString().equals("mvn") && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, tool);
                    }
                }
            }
        }
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("jbang").toString(), "version").redirectErrorStream(true);
        pb.environment().put("PATH", bin.toString());
        pb.environment().put("JBANG_DIR", tmp.resolve("jbang-home").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        // Remove the links ourselves: JUnit warns for every link it deletes that points outside its folder.
        try (var links = Files.list(bin)) {
            for (Path link : links.toList()) {
                Files.delete(link);
            }
        }
        assertEquals(3, p.exitValue(), out);
        assertEquals("[obs] error: Maven (mvn) is needed once to fetch JBang from Maven Central: apt-get install maven\n", out);
    }

    @Test
    void theJdkFinderTakesTheNewestJdk21OrSaysWhatToInstall(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path none = Files.createDirectories(tmp.resolve("no-jdks"));
        Path some = Files.createDirectories(tmp.resolve("jdks"));
        Path jdk = Path.of(System.getProperty("java.home"));
        Files.createSymbolicLink(some.resolve("the-jdk"), jdk);
        // A PATH with the tools the script uses but no java, whatever this machine's default java is.
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        for (String tool : List.of("bash", "env", "sed", "dirname", "readlink")) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin", tool).toRealPath());
        }
        String[] found = findJdk(bin, some + ":" + none);
        String[] missing = findJdk(bin, none.toString());
        try (var links = Files.list(bin)) { // removed here: JUnit warns about each link it deletes
            for (Path link : links.toList()) {
                Files.delete(link);
            }
        }
        Files.delete(some.resolve("the-jdk"));
        assertEquals("0", found[0], found[1]);
        assertEquals(some.resolve("the-jdk") + "\n", found[1]);
        assertEquals("3", missing[0], missing[1]);
        assertEquals("[obs] error: no JDK 21 or newer found (looked at $JAVA_HOME, java on PATH, " + none
                + "): install one, e.g. apt-get install openjdk-21-jdk-headless\n", missing[1]);
    }

    /** Runs bin/find-jdk with no JAVA_HOME, PATH={@code bin} and the given JDK folders: exit code and output. */
    private static String[] findJdk(Path bin, String dirs) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("bin/find-jdk").toString()).redirectErrorStream(true);
        pb.environment().remove("JAVA_HOME");
        pb.environment().put("PATH", bin.toString());
        pb.environment().put("OBS_JDK_DIRS", dirs);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new String[] {Integer.toString(p.exitValue()), out};
    }

    @Test
    void exitCodesAndErrorsPassThroughBothPaths() throws Exception {
        for (int i = 0; i < 2; i++) {
            Run r = jbang("check-services", "--endpoint", "prometheus");
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().contains("[obs] error: Invalid value for option '--endpoint'"), r.err());
            assertEquals("", r.out());
        }
    }

    @Test
    void workOutsideTheCheckoutBecauseTheLauncherSetsObsHome() throws Exception {
        Run r = jbang("check-services", "--component", "pushgateway", "--endpoint", "pushgateway=http://127.0.0.1:1", "-q");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.out().contains("connection refused: http://127.0.0.1:1/-/ready"), r.out());
    }
}
