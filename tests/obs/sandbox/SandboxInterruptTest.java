package obs.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import obs.access.EndpointsFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sandbox up} as a real process that a user interrupts or runs twice at once: every server it
 * starts is in the endpoints file from the moment it exists, and {@code sandbox down} stops them all.
 */
class SandboxInterruptTest {
    Path dir;

    @TempDir
    Path logs;

    @BeforeEach
    void needTheBinaries() throws Exception {
        SandboxFixture.assumeInstalled(List.of());
        dir = Files.createTempDirectory("obs-sandbox-int");
    }

    @AfterEach
    void cleanUp() {
        SandboxFixture.run("Sandbox", "down", "--state-dir", dir.toString(), "--purge");
        SandboxFixture.stop(SandboxFixture.processesMentioning(dir));
    }

    private Set<Long> recordedPids() {
        Set<Long> pids = new TreeSet<>();
        if (Files.exists(EndpointsFile.in(dir))) {
            EndpointsFile.read(EndpointsFile.in(dir)).components().values().forEach(e -> {
                if (e.pid() != null) {
                    pids.add(e.pid());
                }
            });
        }
        return pids;
    }

    private static String output(Path log) throws Exception {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Test
    void ctrlCDuringUpLeavesNothingThatDownDoesNotKnow() throws Exception {
        Path log = logs.resolve("up.log");
        Process up = SandboxFixture.launch(Map.of(), log, "Sandbox", "up", "--state-dir", dir.toString(), "--no-install");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            Set<Long> servers = Set.of();
            while (System.nanoTime() < deadline && up.isAlive()) {
                servers = new HashSet<>(SandboxFixture.processesMentioning(dir));
                servers.remove(up.pid());
                if (!servers.isEmpty() || !recordedPids().isEmpty()) {
                    break;
                }
                Thread.sleep(10);
            }
            assertTrue(up.isAlive(), "up finished before any server was seen: " + output(log));
            assertFalse(servers.isEmpty() && recordedPids().isEmpty(), "no server started within 120 s: " + output(log));
            new ProcessBuilder("kill", "-INT", Long.toString(up.pid())).start().waitFor();
            assertTrue(up.waitFor(60, TimeUnit.SECONDS), "up did not end on SIGINT: " + output(log));
            assertEquals(130, up.exitValue(), "up was not interrupted (128 + SIGINT): " + output(log));
        } finally {
            up.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Set<Long> running = SandboxFixture.processesMentioning(dir);
        Set<Long> recorded = recordedPids();
        assertTrue(recorded.containsAll(running), "running " + running + " but recorded only " + recorded + "\n" + output(log));

        SandboxFixture.Run down = SandboxFixture.run("Sandbox", "down", "--state-dir", dir.toString());
        assertEquals(0, down.exit(), down.toString());
        assertEquals(Set.of(), SandboxFixture.processesMentioning(dir), "left running after down:\n" + down);
    }

    @Test
    void twoUpsAtOnceOnOneStateFolderStartEachServerOnce() throws Exception {
        List<String> only = List.of("node-exporter", "pushgateway");
        Path log1 = logs.resolve("up1.log");
        Path log2 = logs.resolve("up2.log");
        String[] args = {"up", "--state-dir", dir.toString(), "--no-install", "--only", String.join(",", only)};
        Process first = SandboxFixture.launch(Map.of(), log1, "Sandbox", args);
        Process second = SandboxFixture.launch(Map.of(), log2, "Sandbox", args);
        try {
            assertTrue(first.waitFor(120, TimeUnit.SECONDS) && second.waitFor(120, TimeUnit.SECONDS), "up did not finish");
        } finally {
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String both = output(log1) + "\n----\n" + output(log2);
        assertEquals(0, first.exitValue(), both);
        assertEquals(0, second.exitValue(), both);
        Set<Long> running = SandboxFixture.processesMentioning(dir);
        assertEquals(only.size(), running.size(), "one server per component: " + running + "\n" + both);
        assertEquals(running, recordedPids(), both);
        assertTrue(both.contains("already running"), "one of the two found the other's servers: " + both);
    }
}
