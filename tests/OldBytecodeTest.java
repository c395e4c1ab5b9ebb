import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/OldBytecode.java, the launcher's upgrade of picocli's Java 5 class files (which JDK 25's AOT cache cannot
 * keep): only old jars are swapped, the copy verifies and runs, and it is written once.
 */
class OldBytecodeTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run java(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        return new Run(p.exitValue(), out, err);
    }

    static Path jarOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    static int version(ZipFile zip, ZipEntry entry) throws Exception {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] head = in.readNBytes(8);
            return (head[6] & 0xff) << 8 | head[7] & 0xff;
        }
    }

    @Test
    void picocliAloneIsSwappedForAnUpgradedCopyThatVerifiesAndRuns() throws Exception {
        Path picocli = jarOf(picocli.CommandLine.class);
        Path yaml = jarOf(org.yaml.snakeyaml.Yaml.class);
        Run run = java("bin/OldBytecode.java", dir.toString(), yaml + ":" + picocli + ":target/classes");
        assertEquals(0, run.exit(), run.err());
        String[] cp = run.out().strip().split(":");
        assertEquals(3, cp.length, run.out());
        assertEquals(yaml.toString(), cp[0]);
        assertEquals("target/classes", cp[2]);
        Path copy = Path.of(cp[1]);
        assertEquals(dir, copy.getParent());
        assertTrue(copy.getFileName().toString().matches("picocli-4\\.7\\.7-\\d+-\\d+\\.java52\\.jar"), copy.toString());

        try (ZipFile zip = new ZipFile(copy.toFile()); ZipFile original = new ZipFile(picocli.toFile())) {
            assertEquals(original.size(), zip.size());
            assertEquals(49, version(original, original.getEntry("picocli/CommandLine.class")));
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")) {
                    assertEquals(52, version(zip, e), e.getName());
                }
            }
        }
        // Java 8 class files have no fallback to the old verifier: every class is checked with stack maps, then run.
        Run help = java("-Xverify:all", "-cp", copy.toString(), "picocli.AutoComplete", "--help");
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().startsWith("Usage: picocli.AutoComplete"), help.out());

        Files.setLastModifiedTime(copy, FileTime.fromMillis(0));
        Run again = java("bin/OldBytecode.java", dir.toString(), picocli.toString());
        assertEquals(copy.toString(), again.out().strip());
        assertEquals(0, Files.getLastModifiedTime(copy).toMillis(), "the copy is reused, not written again");
        try (var left = Files.list(dir)) {
            assertEquals(1, left.count(), "no temporary files left");
        }
    }

    @Test
    void aClassPathWithoutOldJarsIsPrintedUnchanged() throws Exception {
        String cp = jarOf(org.yaml.snakeyaml.Yaml.class) + ":/no/such.jar:target/classes";
        Run run = java("bin/OldBytecode.java", dir.toString(), cp);
        assertEquals(0, run.exit(), run.err());
        assertEquals(cp, run.out().strip());
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count());
        }
    }
}
