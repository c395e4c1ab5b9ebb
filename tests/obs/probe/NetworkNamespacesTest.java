package obs.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Probes through namespaces this test builds (see {@link LabNetwork}): injected delay and loss measured, a two-hop
 * path with a silent hop, and a path change.
 */
class NetworkNamespacesTest {
    static LabNetwork lab;
    static TargetParser parser = new TargetParser(Samples.MODULES);

    @BeforeAll
    static void build() throws Exception {
        String why = LabNetwork.unavailable();
        Assumptions.assumeTrue(why == null, "skipping the namespace tests: " + why);
        lab = LabNetwork.create();
    }

    @AfterAll
    static void tearDown() throws InterruptedException {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void icmpMeasuresTheInjectedDelayAndLoss() {
        int pings = 400;
        Target delayed = parser.parse("icmp://" + lab.addr(10, 2), null, Map.of());
        Target direct = parser.parse("icmp://" + lab.addr(1, 254), null, Map.of());
        List<TargetReport> reports = ProbeEngine.system(PathHistory.inMemory())
                .run(List.of(delayed, direct), new RunOptions(pings, Duration.ofMillis(15), 4, null));
        TargetReport d = reports.get(0);
        double[] rtts = d.rounds().stream().filter(ProbeResult::success).mapToDouble(r -> r.latency().toNanos() / 1e6).sorted().toArray();
        double median = rtts[rtts.length / 2];
        assertTrue(rtts[0] >= LabNetwork.DELAY_MS - 0.5, "min " + rtts[0]);
        assertTrue(median >= LabNetwork.DELAY_MS && median <= LabNetwork.DELAY_MS + 6, "median " + median);
        // 10 % over 400 pings: the binomial standard deviation is 1.5 %, so 4 sigma either side.
        double p = LabNetwork.LOSS_PCT / 100.0;
        double sigma = Math.sqrt(p * (1 - p) / pings);
        assertTrue(Math.abs(d.loss() - p) <= 4 * sigma, "loss " + d.loss() + " vs " + p);
        TargetReport r1 = reports.get(1);
        assertEquals(0, r1.loss(), "the unimpaired veth loses nothing");
        assertTrue(r1.max().toMillis() < 10, "direct max " + r1.max());
    }

    /** The exporter's icmp probe across the delay line lasts at least the round trip, as blackbox's does. */
    @Test
    void icmpDurationCoversThePingAcrossTheDelayLine() {
        Target t = parser.parse("icmp://" + lab.addr(10, 2), null, Map.of());
        ProbeEngine engine = ProbeEngine.system(PathHistory.inMemory());
        engine.round(List.of(t), null, 1); // warms up, so class loading does not pass for ping time
        ProbeResult r = engine.round(List.of(t), null, 1).get(t);
        for (int i = 0; i < 5 && !r.success(); i++) {
            r = engine.round(List.of(t), null, 1).get(t); // the line drops 10 % of replies
        }
        assertTrue(r.success(), r.error());
        double duration = Samples.value(r, "probe_duration_seconds") * 1000;
        double rtt = Samples.value(r, "probe_icmp_duration_seconds", "phase", "rtt") * 1000;
        System.out.printf("icmp across a %d ms line: probe_duration_seconds %.2f ms, rtt %.2f ms%n", LabNetwork.DELAY_MS, duration, rtt);
        assertTrue(rtt >= LabNetwork.DELAY_MS, "rtt " + rtt);
        assertTrue(duration >= rtt, "duration " + duration + " ms < rtt " + rtt + " ms");
    }

    @Test
    void httpOverTheDelayLineShowsTheDelayInConnect() {
        Target t = parser.parse("http://" + lab.addr(10, 2) + ":19180/", "http_2xx", Map.of());
        ProbeResult r = ProbeEngine.system(PathHistory.inMemory()).probe(t, null);
        double connect = Samples.value(r, "probe_http_duration_seconds", "phase", "connect") * 1000;
        assertTrue(connect >= LabNetwork.DELAY_MS && connect < LabNetwork.DELAY_MS + 30, "connect " + connect + " ms");
        assertEquals(1.0, Samples.value(r, "probe_http_version"), "python's http.server answers HTTP/1.0");
        assertTrue(r.duration().toMillis() >= 2L * LabNetwork.DELAY_MS, "two round trips at least: " + r.duration());
    }

    @Test
    void aTwoHopPathShowsBothHops() {
        ProbeResult r = path(PathHistory.inMemory());
        assertTrue(r.success(), r.error());
        assertEquals(List.of(lab.addr(1, 254), lab.addr(9, 9)), r.hops().stream().map(Hop::host).toList());
        assertEquals(0, r.hops().get(0).loss());
        assertTrue(r.hops().get(1).avg() < 10);
    }

    @Test
    void aHopThatNeverAnswersIsShownAsSuch() throws Exception {
        lab.silenceRouter1(true);
        try {
            ProbeResult r = path(PathHistory.inMemory());
            assertTrue(r.success(), "the target still answers: " + r.error());
            assertNull(r.hops().get(0).host());
            assertEquals(1.0, r.hops().get(0).loss());
            assertEquals(lab.addr(9, 9), r.hops().get(1).host());
            assertEquals(1.0, Samples.value(r, "probe_path_hop_loss_ratio", "hop", "1", "hop_ip", "???"));
        } finally {
            lab.silenceRouter1(false);
        }
    }

    @Test
    void aPathChangeIsDetectedWhateverThePacketCount() throws Exception {
        PathHistory history = PathHistory.inMemory();
        ProbeResult first = path(history);
        assertEquals(false, first.facts().get("changed"));
        lab.routeVia(2);
        try {
            Target fewer = parser.parse("path://" + lab.addr(9, 9) + "?packets=4", null, Map.of());
            ProbeResult second = ProbeEngine.system(history).probe(fewer, null);
            assertTrue(second.success(), second.error());
            assertEquals(true, second.facts().get("changed"));
            assertEquals(List.of(lab.addr(1, 254), lab.addr(9, 9)), second.facts().get("previous_path"));
            assertEquals(lab.addr(3, 254), second.hops().get(0).host());
            assertEquals(1, history.get(PathHistory.key(fewer)).changes());
            assertFalse((Boolean) path(history).facts().get("changed"));
        } finally {
            lab.routeVia(1);
        }
    }

    private static ProbeResult path(PathHistory history) {
        Target t = parser.parse("path://" + lab.addr(9, 9), null, Map.of());
        return ProbeEngine.system(history).probe(t, null);
    }
}
