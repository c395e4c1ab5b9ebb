package obs.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** A small tmpfs this test mounts itself (root only) and unmounts when closed: a full or a read-only disk. */
final class Tmpfs implements AutoCloseable {
    final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    static Tmpfs mount(Path dir, String options) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Assumptions.assumeTrue(run(List.of("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString())) == 0,
                "cannot mount a tmpfs here (not root?)");
        return new Tmpfs(dir);
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (run(List.of("umount", dir.toString())) != 0) {
            run(List.of("umount", "-l", dir.toString()));
        }
    }
}
