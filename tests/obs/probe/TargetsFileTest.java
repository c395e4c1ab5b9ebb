package obs.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import obs.core.Exit;
import obs.core.ObsException;
import obs.probe.config.Modules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetsFileTest {
    private final Modules modules = Modules.load(ModuleFileTest.FIXTURES.resolve("modules.yml"));

    @Test
    void entriesGetTheirModuleLabelsAndSchedule() {
        Path file = ModuleFileTest.FIXTURES.resolve("targets.yaml");
        List<TargetsFile.Scheduled> all = TargetsFile.load(file).resolve(file.toString(), modules);
        assertEquals(2, all.size());
        assertEquals("tcp_connect", all.get(0).target().module().name());
        assertEquals(Map.of("site", "lab", "service", "discard"), all.get(0).target().labels());
        assertEquals(Duration.ofSeconds(5), all.get(0).interval());
        assertEquals(3, all.get(1).target().packets());
        assertEquals(Duration.ofSeconds(10), all.get(1).interval());
    }

    @Test
    void eachTargetKnowsWhereItsEntryIs() {
        Path file = ModuleFileTest.FIXTURES.resolve("targets.yaml");
        List<TargetsFile.Scheduled> all = TargetsFile.resolve(file, modules);
        assertEquals(List.of(file + ":5:5", file + ":7:5"), all.stream().map(TargetsFile.Scheduled::position).toList());
    }

    @Test
    void aTypoIsReportedAtItsLine() {
        Path file = ModuleFileTest.FIXTURES.resolve("targets-typo.yaml");
        ObsException e = assertThrows(ObsException.class, () -> TargetsFile.load(file));
        assertEquals(Exit.USAGE, e.exit());
        assertEquals(file + ":3:5: unknown key 'modul' (expected one of: target, module, labels, interval, packets)",
                e.getMessage());
    }

    @Test
    void badEntriesNameTheFileAndTheEntry(@TempDir Path dir) throws Exception {
        assertBad(dir, "targets:\n  - target: tcp://a:1\n  - target: tcp://b:1\n    module: htp\n",
                "targets[1] (tcp://b:1): unknown module 'htp'");
        assertBad(dir, "targets:\n  - target: tcp://a:1\n    labels: {module: x}\n",
                "label 'module' is set by obs itself; choose another name");
        assertBad(dir, "targets:\n  - target: icmp://a\n    interval: 100ms\n", "interval must be at least 1s");
        assertBad(dir, "targets: []\n", "no targets: add a 'targets:' list");
    }

    @Test
    void theCaloLabProfileIsValid() {
        Path file = Path.of("examples/calo-lab-targets.yaml");
        Path deployed = Path.of(ProbeRun.DEPLOYED_MODULES);
        Modules m = Modules.load(Files.isRegularFile(deployed) ? deployed : null);
        List<TargetsFile.Scheduled> all = TargetsFile.load(file).resolve(file.toString(), m);
        assertEquals(true, all.size() >= 10);
    }

    private void assertBad(Path dir, String yaml, String expectedPart) throws Exception {
        Path file = dir.resolve("t.yaml");
        Files.writeString(file, yaml);
        ObsException e = assertThrows(ObsException.class, () -> TargetsFile.load(file).resolve(file.toString(), modules));
        assertEquals(Exit.USAGE, e.exit());
        assertEquals(true, e.getMessage().contains(expectedPart), e.getMessage());
        assertEquals(true, e.getMessage().startsWith(file.toString()), e.getMessage());
    }
}
