package obs.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import obs.core.Exit;
import obs.core.ObsException;
import obs.exec.Tools;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** fping and mtr against loopback addresses (every 127.x answers without setup). */
class IcmpAndPathTest {
    @BeforeAll
    static void tools() {
        Assumptions.assumeTrue(Tools.find("fping").isPresent() && Tools.find("mtr").isPresent(), "fping or mtr missing");
    }

    @Test
    void oneFpingRunPingsManyTargetsAndCountsEveryReply() {
        List<Target> targets = new ArrayList<>();
        TargetParser parser = new TargetParser(Samples.MODULES);
        for (int i = 1; i <= 20; i++) {
            targets.add(parser.parse("icmp://127.0.9." + i, null, Map.of()));
        }
        targets.add(parser.parse("icmp://nosuch.invalid", null, Map.of()));
        List<TargetReport> reports = ProbeEngine.system(PathHistory.inMemory())
                .run(targets, new RunOptions(3, Duration.ofMillis(50), 8, null));
        for (TargetReport r : reports.subList(0, 20)) {
            assertEquals(3, r.sent(), r.target().name());
            assertEquals(3, r.ok(), r.target().name());
            assertTrue(r.avg().toNanos() > 0 && r.max().toMillis() < 50, r.target().name() + " " + r.max());
        }
        TargetReport bad = reports.get(20);
        assertFalse(bad.success());
        assertEquals("cannot resolve host 'nosuch.invalid'", bad.firstError());
    }

    @Test
    void theExporterViewSummarisesARunOfPings() {
        Target t = new TargetParser(Samples.MODULES).parse("icmp://127.0.0.1?packets=3", null, Map.of());
        ProbeResult r = ProbeEngine.system(PathHistory.inMemory()).round(List.of(t), null, 1).get(t);
        assertTrue(r.success(), r.error());
        assertEquals(3, Samples.value(r, "probe_icmp_packets_received"));
        assertTrue(Samples.value(r, "probe_icmp_duration_seconds", "phase", "rtt") > 0);
    }

    @Test
    void theExporterViewsDurationCoversEveryPing() {
        Target t = new TargetParser(Samples.MODULES).parse("icmp://127.0.0.1?packets=3", null, Map.of());
        ProbeResult r = ProbeEngine.system(PathHistory.inMemory()).round(List.of(t), null, 1).get(t);
        assertTrue(r.success(), r.error());
        // three pings a second apart: the run takes two seconds at least
        assertTrue(Samples.value(r, "probe_duration_seconds") >= 1.9, "probe_duration_seconds " + Samples.value(r, "probe_duration_seconds"));
        assertTrue(r.duration().toMillis() >= 1900, r.duration().toString());
    }

    @Test
    void aMissingFpingNamesItsPackage() {
        ProbeEngine engine = new ProbeEngine("/nonexistent/fping", "mtr", PathHistory.inMemory());
        Target t = new TargetParser(Samples.MODULES).parse("icmp://127.0.0.1", null, Map.of());
        ObsException e = assertThrows(ObsException.class, () -> engine.run(List.of(t), new RunOptions(1, Duration.ofSeconds(1), 1, null)));
        assertEquals(Exit.UNREACHABLE, e.exit());
        assertEquals("/nonexistent/fping is not installed: install the Debian package 'fping' (apt-get install -y fping)", e.getMessage());
        ProbeResult inExporter = engine.round(List.of(t), null, 1).get(t);
        assertEquals(e.getMessage(), inExporter.error());
    }

    @Test
    void aMissingMtrNamesItsPackage() {
        ProbeEngine engine = new ProbeEngine("fping", "/nonexistent/mtr", PathHistory.inMemory());
        Target t = new TargetParser(Samples.MODULES).parse("path://127.0.0.1", null, Map.of());
        ObsException e = assertThrows(ObsException.class, () -> engine.run(List.of(t), new RunOptions(1, Duration.ofSeconds(1), 1, null)));
        assertEquals(Exit.UNREACHABLE, e.exit());
        assertTrue(e.getMessage().contains("install the Debian package 'mtr-tiny'"), e.getMessage());
    }

    @Test
    void aLoopbackPathIsOneAnsweringHop() {
        Target t = new TargetParser(Samples.MODULES).parse("path://127.0.0.1?packets=3", null, Map.of());
        ProbeResult r = ProbeEngine.system(PathHistory.inMemory()).probe(t, null);
        assertTrue(r.success(), r.error());
        assertEquals(1, r.hops().size());
        assertEquals("127.0.0.1", r.hops().get(0).host());
        assertEquals(3, r.hops().get(0).sent());
        assertEquals(0, Samples.value(r, "probe_path_hop_loss_ratio", "hop", "1", "hop_ip", "127.0.0.1"));
        assertEquals(false, r.facts().get("changed"));
    }
}
