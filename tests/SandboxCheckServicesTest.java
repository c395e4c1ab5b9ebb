import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import obs.access.EndpointsFile;
import obs.cli.Cli;
import obs.sandbox.SandboxFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real components from Debian's packages, started by the sandbox: check-services passes against them,
 * then reports a stopped Alertmanager as failed with exit 1, and sandbox down stops only its own processes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxCheckServicesTest {
    static SandboxFixture sandbox;

    @BeforeAll
    static void start() throws Exception {
        sandbox = SandboxFixture.start(List.of());
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    static String[] run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(command, new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    @Order(1)
    void everyLocalComponentStarted() {
        assertTrue(sandbox.started.ok(), sandbox.started.rows().toString());
        assertEquals(List.of("alertmanager", "blackbox-exporter", "mtr-analyzer", "node-exporter", "prometheus", "pushgateway", "smokeping"),
                List.copyOf(sandbox.endpoints().components().keySet()));
        String[] status = run(new Sandbox(), "status", "--state-dir", sandbox.stateDir.toString());
        assertEquals("0", status[0], status[1] + status[2]);
        assertEquals(7, status[1].lines().filter(l -> l.contains(" running ")).count(), status[1]);
        String[] again = run(new Sandbox(), "up", "--state-dir", sandbox.stateDir.toString(), "--no-install");
        assertEquals("0", again[0], again[1] + again[2]);
        assertTrue(again[2].contains("[obs] next: ./jbang check-services --state-dir " + sandbox.stateDir.toAbsolutePath() + "\n"), again[2]);
    }

    @Test
    @Order(2)
    void checkServicesPassesAgainstTheSandbox() {
        String[] r = run(new CheckServices(), "--state-dir", sandbox.stateDir.toString(), "--no-color");
        assertEquals("0", r[0], r[1] + r[2]);
        assertFalse(r[1].contains(" fail "), r[1]);
        for (String id : List.of("prometheus-ready", "prometheus-alertmanager-connected", "alertmanager-ready", "alertmanager-api",
                "node-exporter-metrics", "pushgateway-ready", "blackbox-exporter-modules-loaded", "smokeping-metrics",
                "mtr-analyzer-ready")) {
            assertTrue(r[1].lines().anyMatch(l -> l.contains(" " + id + " ") && l.contains(" ok ")), id + " not ok:\n" + r[1]);
        }
        assertTrue(r[1].lines().anyMatch(l -> l.contains("prometheus-rollout") && l.contains("no Kubernetes in the sandbox")), r[1]);
    }

    @Test
    @Order(3)
    void aStoppedAlertmanagerFailsWithExit1AndSaysWhy() throws Exception {
        EndpointsFile.Entry am = sandbox.endpoints().components().get("alertmanager");
        ProcessHandle.of(am.pid()).orElseThrow().destroy();
        ProcessHandle.of(am.pid()).ifPresent(h -> h.onExit().join());
        String[] r = run(new CheckServices(), "--endpoints-file", sandbox.endpointsFile().toString(), "--no-color",
                "--component", "alertmanager,prometheus");
        assertEquals("1", r[0], r[1] + r[2]);
        String line = r[1].lines().filter(l -> l.contains("alertmanager-ready")).findFirst().orElseThrow();
        assertTrue(line.contains(" fail ") && line.contains("connection refused: " + am.url() + "/-/ready (is alertmanager running?)"), line);
        assertTrue(r[2].contains("alertmanager/alertmanager-ready: see runbooks/checks/http.md#http"), r[2]);
        String[] status = run(new Sandbox(), "status", "--state-dir", sandbox.stateDir.toString(), "-o", "json");
        assertEquals("1", status[0]);
        assertTrue(status[1].contains("\"state\" : \"stopped\""), status[1]);
    }

    @Test
    @Order(4)
    void downStopsExactlyTheStartedProcesses() {
        Map<String, EndpointsFile.Entry> before = sandbox.endpoints().components();
        String[] r = run(new Sandbox(), "down", "--state-dir", sandbox.stateDir.toString(), "--purge");
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].lines().anyMatch(l -> l.startsWith("alertmanager") && l.contains("was not running")), r[1]);
        for (var e : before.values()) {
            assertFalse(ProcessHandle.of(e.pid()).map(ProcessHandle::isAlive).orElse(false), e + " still alive");
        }
        assertFalse(java.nio.file.Files.exists(sandbox.stateDir), "state folder not purged");
    }
}
