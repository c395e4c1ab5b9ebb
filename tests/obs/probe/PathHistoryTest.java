package obs.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Path history: keyed by destination, kept in a file that survives restarts and survives bad files. */
class PathHistoryTest {
    private static final List<Hop> FIRST = List.of(hop(1, "10.0.1.254"), hop(2, "10.0.2.2"));
    private static final List<Hop> SECOND = List.of(hop(1, "10.0.3.254"), hop(2, "10.0.2.2"));

    @Test
    void theSameDestinationWithOtherPacketCountsSharesOneHistory() {
        TargetParser parser = new TargetParser(Samples.MODULES);
        Target fifty = parser.parse("path://H?packets=50", null, Map.of());
        Target twenty = parser.parse("path://h?packets=20", null, Map.of());
        assertEquals(PathHistory.key(fifty), PathHistory.key(twenty));
        PathHistory history = PathHistory.inMemory();
        history.record(PathHistory.key(fifty), FIRST);
        assertTrue(history.record(PathHistory.key(twenty), SECOND).changed());
    }

    /** The case end to end: a route change between runs with other packet counts is still a change. */
    @Test
    void aRouteChangeBetweenRunsWithOtherPacketCountsIsSeen(@TempDir Path dir) throws Exception {
        Path hop = dir.resolve("hop");
        Files.writeString(hop, "10.0.1.254");
        ProbeEngine engine = new ProbeEngine("fping", FakeTools.mtrVia(dir, hop), PathHistory.inMemory());
        TargetParser parser = new TargetParser(Samples.MODULES);
        ProbeResult first = engine.probe(parser.parse("path://127.0.0.1?packets=50", null, Map.of()), null);
        assertTrue(first.success(), first.error());
        Files.writeString(hop, "10.0.3.254");
        ProbeResult second = engine.probe(parser.parse("path://127.0.0.1?packets=20", null, Map.of()), null);
        assertEquals(true, second.facts().get("changed"));
        assertEquals(List.of("10.0.1.254", "127.0.0.1"), second.facts().get("previous_path"));
    }

    @Test
    void theFileHistoryRemembersAcrossInstances(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state/probe-paths.json");
        List<String> warnings = new ArrayList<>();
        assertFalse(PathHistory.inFile(file, warnings::add).record("path x", FIRST).changed());
        PathHistory.Change change = PathHistory.inFile(file, warnings::add).record("path x", SECOND);
        assertTrue(change.changed());
        assertEquals(List.of("10.0.1.254", "10.0.2.2"), change.previous());
        PathHistory third = PathHistory.inFile(file, warnings::add);
        assertEquals(1, third.get("path x").changes());
        assertFalse(third.record("path x", SECOND).changed());
        assertEquals(List.of(), warnings);
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of("probe-paths.json", "probe-paths.json.lock"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temp file left behind");
        }
    }

    @Test
    void twoCopiesWritingTheSameFileKeepEachOthersDestinations(@TempDir Path dir) {
        Path file = dir.resolve("paths.json");
        PathHistory a = PathHistory.inFile(file, fail());
        PathHistory b = PathHistory.inFile(file, fail());
        a.record("path a", FIRST);
        b.record("path b", SECOND);
        PathHistory later = PathHistory.inFile(file, fail());
        assertEquals("10.0.1.254", later.get("path a").path().get(0));
        assertEquals("10.0.3.254", later.get("path b").path().get(0));
    }

    @Test
    void aSilentHopIsKeptAsUnknown(@TempDir Path dir) {
        Path file = dir.resolve("paths.json");
        PathHistory.inFile(file, fail()).record("path x", List.of(hop(1, null), hop(2, "10.0.2.2")));
        assertNull(PathHistory.inFile(file, fail()).get("path x").path().get(0));
    }

    @Test
    void aBadFileIsReportedOnceAndIgnored(@TempDir Path dir) throws Exception {
        Path corrupt = dir.resolve("corrupt.json");
        Files.writeString(corrupt, "{not json");
        assertIgnored(corrupt, "not valid JSON");
        Path old = dir.resolve("old.json");
        Files.writeString(old, "{\"path://x\": [\"10.0.1.254\"]}");
        assertIgnored(old, "not a version 1 path history");
        Path huge = dir.resolve("huge.json");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(PathHistory.MAX_FILE_BYTES + 1);
        }
        assertIgnored(huge, "larger than 8 MiB");
        Path fifo = dir.resolve("fifo.json");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);
        assertIgnored(fifo, "not a regular file");
        assertIgnored(Path.of("/dev/zero"), "not a regular file");
    }

    @Test
    void aFileThatCannotBeWrittenIsReportedOnceAndTheHistoryStillWorks(@TempDir Path dir) throws Exception {
        Path blocked = dir.resolve("blocked");
        Files.writeString(blocked, "a file where the state directory should be");
        List<String> warnings = new ArrayList<>();
        PathHistory h = PathHistory.inFile(blocked.resolve("paths.json"), warnings::add);
        h.record("path x", FIRST);
        assertTrue(h.record("path x", SECOND).changed());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("cannot save the path history to " + blocked.resolve("paths.json")), warnings.get(0));
    }

    private static void assertIgnored(Path file, String reason) {
        List<String> warnings = new ArrayList<>();
        PathHistory h = PathHistory.inFile(file, warnings::add);
        assertNull(h.get("path x"));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("ignoring the path history in " + file + " (" + reason), warnings.get(0));
        assertTrue(warnings.get(0).endsWith("; starting a new one"), warnings.get(0));
    }

    private static Consumer<String> fail() {
        return message -> {
            throw new AssertionError("unexpected warning: " + message);
        };
    }

    private static Hop hop(int n, String host) {
        return new Hop(n, host, 0, 10, 1, 1, 1, 1, 0);
    }
}
