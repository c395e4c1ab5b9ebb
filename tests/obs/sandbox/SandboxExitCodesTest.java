package obs.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import obs.access.EndpointsFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One rule for every sandbox path: nothing running is exit 1 with the command that starts it; a write
 * failure is exit 1 naming the path and the reason, with nothing half-written left behind.
 */
class SandboxExitCodesTest {
    @TempDir
    Path tmp;

    /** A tmpfs mounted for one test (the suite runs as root; elsewhere the test is skipped). */
    private static final class Mount implements AutoCloseable {
        final Path at;

        Mount(Path at, String options) throws Exception {
            this.at = at;
            Files.createDirectories(at);
            Assumptions.assumeTrue(sh("mount", "-t", "tmpfs", "-o", options, "tmpfs", at.toString()) == 0, "cannot mount a tmpfs");
        }

        void remount(String options) throws Exception {
            assertEquals(0, sh("mount", "-o", "remount," + options, at.toString()));
        }

        @Override
        public void close() throws Exception {
            SandboxFixture.stop(SandboxFixture.processesMentioning(at));
            assertEquals(0, sh("umount", at.toString()), "could not unmount " + at);
        }

        private static int sh(String... cmd) throws Exception {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            return p.exitValue();
        }
    }

    private static List<Path> leftovers(Path under) throws IOException {
        try (Stream<Path> walk = Files.walk(under)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void aReadOnlyStateFolderIsExit1NamingThePathAndNothingStarts() throws Exception {
        SandboxFixture.assumeInstalled(List.of("node-exporter"));
        try (Mount m = new Mount(tmp.resolve("ro"), "size=1m")) {
            Path state = Files.createDirectories(m.at.resolve("state"));
            m.remount("ro");
            var r = SandboxFixture.run("Sandbox", "up", "--state-dir", state.toString(), "--only", "node-exporter", "--no-install");
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().startsWith("[obs] error: cannot write " + state + "/"), r.toString());
            assertTrue(r.err().contains(": Read-only file system\n"), r.toString());
            assertFalse(r.err().contains("Exception"), r.toString());
            assertEquals(List.of(), List.copyOf(SandboxFixture.processesMentioning(m.at)), "nothing may run that down does not know");
        }
    }

    @Test
    void aFullStateFolderIsExit1NamingThePathAndLeavesNoTempFileAndNoServer() throws Exception {
        SandboxFixture.assumeInstalled(List.of("node-exporter"));
        try (Mount m = new Mount(tmp.resolve("full"), "size=16k")) {
            Path state = Files.createDirectories(m.at.resolve("state"));
            try (OutputStream fill = Files.newOutputStream(m.at.resolve("filler"))) {
                byte[] block = new byte[1024];
                for (int i = 0; i < 64; i++) {
                    fill.write(block);
                    fill.flush();
                }
            } catch (IOException full) {
                // The disk is full now, as intended.
            }
            var r = SandboxFixture.run("Sandbox", "up", "--state-dir", state.toString(), "--only", "node-exporter", "--no-install");
            assertEquals(1, r.exit(), r.toString());
            assertTrue((r.out() + r.err()).contains("cannot write " + EndpointsFile.in(state) + ": No space left on device"), r.toString());
            assertFalse(r.err().contains("Exception"), r.toString());
            assertEquals(List.of(), leftovers(m.at));
            assertEquals(List.of(), List.copyOf(SandboxFixture.processesMentioning(m.at)), "nothing may run that down does not know");
        }
    }

    @Test
    void checkServicesWithNoSandboxIsExit1WithTheCommandThatStartsIt() throws Exception {
        Path none = tmp.resolve("none");
        var r = SandboxFixture.run("CheckServices", "--state-dir", none.toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("./jbang sandbox up --state-dir " + none), r.toString());
        assertFalse(r.err().contains("--help"), r.toString());
        assertEquals(1, SandboxFixture.run("CheckServices", "--endpoints-file", EndpointsFile.in(none).toString()).exit());

        Path log = tmp.resolve("check.log");
        Process p = SandboxFixture.launch(Map.of("OBS_SANDBOX_DIR", none.toString()), log, "CheckServices", "--sandbox");
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String out = Files.readString(log);
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("start it with: ./jbang sandbox up\n"), out);
        assertFalse(out.contains("--help"), out);
    }

    @Test
    void anEmptyEndpointsFileIsNothingRunningExit1() throws Exception {
        for (String content : List.of("", "{\"version\": 1, \"components\": {}}\n")) {
            Files.writeString(EndpointsFile.in(tmp), content);
            var check = SandboxFixture.run("CheckServices", "--state-dir", tmp.toString());
            assertEquals(1, check.exit(), check.toString());
            assertTrue(check.err().contains("start it with: ./jbang sandbox up --state-dir " + tmp), check.toString());
            var status = SandboxFixture.run("Sandbox", "status", "--state-dir", tmp.toString());
            assertEquals(1, status.exit(), status.toString());
            assertTrue(status.err().contains("start it with: ./jbang sandbox up --state-dir " + tmp), status.toString());
        }
        var status = SandboxFixture.run("Sandbox", "status", "--state-dir", tmp.resolve("never").toString());
        assertEquals(1, status.exit(), status.toString());
        assertTrue(status.err().contains("start it with: ./jbang sandbox up --state-dir " + tmp.resolve("never")), status.toString());
    }

    /**
     * Prometheus refuses to start while another process holds its TSDB lock (a stale second copy, say).
     * Prometheus takes it with flock(2), which Java's fcntl-based FileLock does not see; util-linux's flock
     * command holds it here.
     */
    @Test
    void statusAfterAComponentFailedToStartIsExit1AndSaysWhy() throws Exception {
        SandboxFixture.assumeInstalled(List.of("prometheus", "node-exporter"));
        Path lockFile = Files.createDirectories(tmp.resolve("prometheus/data")).resolve("lock");
        Process holder = new ProcessBuilder("flock", lockFile.toString(), "sleep", "600").start();
        try {
            while (new ProcessBuilder("flock", "-n", lockFile.toString(), "true").start().waitFor() == 0) {
                assertTrue(holder.isAlive(), "flock could not hold " + lockFile);
                Thread.sleep(20);
            }
            var up = SandboxFixture.run("Sandbox", "up", "--state-dir", tmp.toString(), "--only", "prometheus,node-exporter", "--no-install");
            assertEquals(1, up.exit(), up.toString());
            assertTrue(up.out().lines().anyMatch(l -> l.startsWith("prometheus") && l.contains(" failed ")), up.toString());

            var status = SandboxFixture.run("Sandbox", "status", "--state-dir", tmp.toString());
            assertEquals(1, status.exit(), status.toString());
            String line = status.out().lines().filter(l -> l.startsWith("prometheus")).findFirst().orElseThrow(() -> new AssertionError(status));
            assertTrue(line.contains(" failed ") && line.contains("lock DB directory"), status.toString());
            assertTrue(status.out().lines().anyMatch(l -> l.startsWith("node-exporter") && l.contains(" running ")), status.toString());

            var check = SandboxFixture.run("CheckServices", "--state-dir", tmp.toString(), "--no-color");
            assertEquals(1, check.exit(), check.toString());
        } finally {
            holder.descendants().forEach(ProcessHandle::destroy);
            holder.destroy();
            SandboxFixture.run("Sandbox", "down", "--state-dir", tmp.toString());
            SandboxFixture.stop(SandboxFixture.processesMentioning(tmp));
        }
    }
}
