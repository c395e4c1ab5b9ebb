package obs.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import obs.install.MockCluster.Run;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** install --dry-run --output-dir writes the whole set or nothing, and never mixes it with other files. */
class OutputDirTest {
    @TempDir
    Path tmp;

    static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aNarrowerRenderReplacesAnEarlierOneWholly() throws Exception {
        Path out = tmp.resolve("render");
        Run full = MockCluster.command("Install", "--dry-run", "--output-dir", out.toString());
        assertEquals(0, full.exit(), full.err());
        assertTrue(names(out).size() > 10, names(out).toString());
        Run only = MockCluster.command("Install", "--dry-run", "--output-dir", out.toString(), "--only", "prometheus");
        assertEquals(0, only.exit(), only.err());
        assertTrue(only.err().contains(" in 2 files to " + out + "\n"), only.err());
        assertEquals(List.of(".obs-render", "00-namespace.yaml", "01-prometheus.yaml"), names(out));
        assertEquals(List.of("render"), names(tmp), "no temporary or old folder left beside it");
    }

    @Test
    void aFolderObsDidNotWriteIsRefused() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(out.resolve("notes.txt"), "keep me\n");
        Run r = MockCluster.command("Install", "--dry-run", "--output-dir", out.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals("[obs] error: " + out + ": not empty and not written by obs (no .obs-render file): "
                + "give an empty or new folder\n", r.err().lines().findFirst().orElse("") + "\n");
        assertEquals(List.of("notes.txt"), names(out));
        assertEquals(List.of("mine"), names(tmp));
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Run onFile = MockCluster.command("Install", "--dry-run", "--output-dir", file.toString());
        assertEquals(2, onFile.exit(), onFile.err());
        assertTrue(onFile.err().startsWith("[obs] error: " + file + ": not a folder\n"), onFile.err());
    }

    @Test
    void anEmptyFolderIsFilled() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("empty"));
        Run r = MockCluster.command("Install", "--dry-run", "--output-dir", out.toString(), "--only", "prometheus");
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of(".obs-render", "00-namespace.yaml", "01-prometheus.yaml"), names(out));
    }

    @Test
    void aFullDiskIsExitOneAndLeavesNothingHalfWritten() throws Exception {
        Path disk = Files.createDirectories(tmp.resolve("disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        Assumptions.assumeTrue(mount.waitFor() == 0, "needs root to mount a small tmpfs: " + new String(mount.getInputStream().readAllBytes()));
        try {
            Path out = disk.resolve("render");
            Files.createDirectories(out);
            Files.writeString(out.resolve(".obs-render"), "");
            Files.writeString(out.resolve("00-namespace.yaml"), "old\n");
            Run r = MockCluster.command("Install", "--dry-run", "--output-dir", out.toString());
            assertEquals(1, r.exit(), r.err());
            assertEquals("[obs] error: cannot write the render to " + out + ": No space left on device (nothing was changed there)\n", r.err());
            assertEquals(List.of(".obs-render", "00-namespace.yaml"), names(out), "the earlier render is untouched");
            assertEquals("old\n", Files.readString(out.resolve("00-namespace.yaml")));
            assertEquals(List.of("render"), names(disk), "no temporary folder left");
            assertFalse(r.err().contains("Exception"), r.err());
        } finally {
            new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor();
        }
    }
}
