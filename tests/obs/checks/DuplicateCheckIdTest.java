package obs.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import obs.core.ObsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A repeated check id is reported where it repeats, not where the file starts. */
class DuplicateCheckIdTest {
    @Test
    void theDuplicateIsReportedAtItsOwnLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("prometheus.yaml"), """
                # checks
                component: prometheus
                checks:
                - id: prometheus-ready
                  title: ready
                  severity: critical
                  runbook: runbooks/checks/prometheus.md#prometheus-ready
                  http: {path: /-/ready}
                - id: prometheus-healthy
                  title: healthy
                  severity: critical
                  runbook: runbooks/checks/prometheus.md#prometheus-ready
                  http: {path: /-/healthy}
                - id: prometheus-ready
                  title: ready again
                  severity: warning
                  runbook: runbooks/checks/prometheus.md#prometheus-ready
                  http: {path: /-/ready}
                """);
        ObsException e = assertThrows(ObsException.class, () -> CheckFile.load(file));
        assertEquals(file + ":14:7: duplicate check id 'prometheus-ready' (first at line 4)", e.getMessage());
    }
}
