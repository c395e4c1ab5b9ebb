package obs.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import obs.fakes.GrafanaFake;
import obs.sandbox.SandboxFixture;
import obs.sandbox.SandboxFixture.Run;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One corrupt byte, a truncated file, a deleted file, a missing manifest: verify refuses, naming the file. */
class DamagedSetTest {
    @TempDir
    Path dir;
    Path set;
    static final String FILE = "grafana/dashboards/dash-0001.json";

    @BeforeEach
    void backup() throws Exception {
        try (GrafanaFake fake = GrafanaSets.filled(4)) {
            Run run = GrafanaSets.backup(fake, dir, dir.resolve("sets"));
            assertEquals(0, run.exit(), run.toString());
            set = Path.of(run.out().strip());
        }
    }

    private void refused(String expected) {
        Run verify = SandboxFixture.run("Backup", "verify", set.toString());
        assertEquals(1, verify.exit(), verify.toString());
        assertTrue(verify.out().contains(expected), verify.out());
    }

    @Test
    void oneCorruptByte() throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(set.resolve(FILE).toFile(), "rw")) {
            f.seek(10);
            int b = f.read();
            f.seek(10);
            f.write(b ^ 0x01);
        }
        refused(FILE + ": SHA-256 differs from the manifest (the file is corrupt)");
    }

    @Test
    void truncatedFile() throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(set.resolve(FILE).toFile(), "rw")) {
            f.setLength(f.length() - 3);
        }
        refused(FILE + ": ");
        refused("the manifest says");
    }

    @Test
    void deletedFileAndAddedFile() throws Exception {
        Files.delete(set.resolve(FILE));
        Files.writeString(set.resolve("grafana/extra.json"), "{}");
        refused(FILE + ": missing");
        refused("grafana/extra.json: not in the manifest");
    }

    @Test
    void missingManifest() throws Exception {
        Files.delete(set.resolve(Manifest.NAME));
        Run verify = SandboxFixture.run("Backup", "verify", set.toString());
        assertEquals(1, verify.exit(), verify.toString());
        assertEquals("[obs] error: " + set + " is not a complete backup set: manifest.json is missing", verify.err().strip());
    }
}
