package obs.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import obs.access.EndpointsFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which process an endpoints file names: the kernel's start time in clock ticks plus the executable, never
 * a formatted time string. A process that is not the one obs started is never signalled.
 */
class ProcessIdentityTest {
    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopSleepers() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private Process sleep(Path binary) throws IOException {
        Process p = new ProcessBuilder(binary.toString(), "300").start();
        started.add(p);
        return p;
    }

    /** A copy of sleep under a name of our choosing, so that its /proc/PID/exe is a path we control. */
    private Path sleepCopy(String name) throws IOException {
        Path copy = dir.resolve(name);
        Files.copy(Path.of("/bin/sleep").toRealPath(), copy);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
        return copy;
    }

    /** Field 22 of /proc/PID/stat, read the way the kernel documents it: after the last ')', as comm may hold anything. */
    private static long ticks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]);
    }

    private Path stateWith(String component, String entryJson) throws IOException {
        Files.writeString(EndpointsFile.in(dir), "{\"version\": 1, \"components\": {\"" + component + "\": " + entryJson + "}}\n");
        return dir;
    }

    private static String entry(long pid, String identity, Path binary) {
        return "{\"url\": \"http://127.0.0.1:1\", \"pid\": " + pid + ", " + identity + ", \"binary\": \"" + binary
                + "\", \"dataDir\": null, \"log\": null}";
    }

    private static void assertAliveAfterAWhile(Process p) throws InterruptedException {
        assertFalse(p.waitFor(300, TimeUnit.MILLISECONDS), "down signalled a process it did not start");
    }

    private static void assertStopped(Process p) throws InterruptedException {
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "down left its own process running");
    }

    @Test
    void downNeverKillsAProcessRunningAnotherExecutableEvenWithItsRealStartTicks() throws Exception {
        Process sleeper = sleep(Path.of("/bin/sleep"));
        stateWith("prometheus", entry(sleeper.pid(), "\"startTicks\": " + ticks(sleeper.pid()), Path.of("/usr/bin/prometheus")));
        List<SandboxReport.Row> rows = LocalStack.down(dir, false, SandboxFixture.quiet()).rows();
        assertAliveAfterAWhile(sleeper);
        assertEquals(SandboxReport.State.WAS_NOT_RUNNING, rows.get(0).state(), rows.toString());
        assertTrue(rows.get(0).note().contains("PID " + sleeper.pid() + " is another program"), rows.toString());
    }

    @Test
    void anOldFormatFileWithTheRealStartTimeOfAnotherExecutableDoesNotGetItKilled() throws Exception {
        Process sleeper = sleep(Path.of("/bin/sleep"));
        String startedAt = sleeper.info().startInstant().orElseThrow().toString();
        stateWith("prometheus", entry(sleeper.pid(), "\"startedAt\": \"" + startedAt + "\"", Path.of("/usr/bin/prometheus")));
        LocalStack.down(dir, false, SandboxFixture.quiet());
        assertAliveAfterAWhile(sleeper);
    }

    @Test
    void downStopsItsOwnProcessByStartTicksAndExecutableWhateverItsNameHolds() throws Exception {
        Path odd = sleepCopy("a) b (c) d");
        Process sleeper = sleep(odd);
        stateWith("node-exporter", entry(sleeper.pid(), "\"startTicks\": " + ticks(sleeper.pid()), odd));
        List<SandboxReport.Row> rows = LocalStack.down(dir, false, SandboxFixture.quiet()).rows();
        assertStopped(sleeper);
        assertEquals(SandboxReport.State.STOPPED, rows.get(0).state(), rows.toString());
    }

    @Test
    void wrongStartTicksMeanAnotherProcessThatReusedThePid() throws Exception {
        Path copy = sleepCopy("sleeper");
        Process sleeper = sleep(copy);
        stateWith("node-exporter", entry(sleeper.pid(), "\"startTicks\": " + (ticks(sleeper.pid()) - 1), copy));
        LocalStack.down(dir, false, SandboxFixture.quiet());
        assertAliveAfterAWhile(sleeper);
    }

    /**
     * A package upgrade replaces the binary under a running server: /proc/PID/exe then reads "PATH (deleted)".
     * Same PID, same start ticks, same path: it is still the process obs started, and down stops it.
     */
    @Test
    void aProcessWhoseBinaryWasReplacedIsStillOurs() throws Exception {
        Path copy = sleepCopy("upgraded");
        Process sleeper = sleep(copy);
        Files.delete(copy);
        assertTrue(Files.readSymbolicLink(Path.of("/proc", Long.toString(sleeper.pid()), "exe")).toString().endsWith(" (deleted)"));
        stateWith("node-exporter", entry(sleeper.pid(), "\"startTicks\": " + ticks(sleeper.pid()), copy));
        var status = LocalStack.status(dir);
        assertTrue(status.rows().get(0).note().contains("replaced since it started"), status.toString());
        LocalStack.down(dir, false, SandboxFixture.quiet());
        assertStopped(sleeper);
    }

    /**
     * Files written by the previous obs carry the start time as text. The boot time the kernel reports can
     * move by a second, so that text is compared with a tolerance, and only for the recorded executable.
     */
    @Test
    void anOldFormatFileStillFindsItsProcessWhenTheReportedBootTimeMovedBySecond() throws Exception {
        Path copy = sleepCopy("legacy");
        Process sleeper = sleep(copy);
        Instant start = sleeper.info().startInstant().orElseThrow();
        stateWith("node-exporter", entry(sleeper.pid(), "\"startedAt\": \"" + start.plusSeconds(1) + "\"", copy));
        LocalStack.down(dir, false, SandboxFixture.quiet());
        assertStopped(sleeper);
    }

    @Test
    void startTicksAreCountedAfterTheLastParenthesisOfStat() {
        String stat = "4242 (a) b (c) d) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 8192000 200 "
                + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
        assertEquals(987654L, ProcessIdentity.startTicks(stat));
    }
}
