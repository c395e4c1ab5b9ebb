package obs.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import obs.cli.Console;
import obs.cli.OutputOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lost pings and the loss rule, with {@link FakeTools}: a lost ping has no time, and icmp and path fail by the same
 * rule.
 */
class LossAndTimeTest {
    @TempDir
    Path dir;

    @Test
    void aLostPingHasNoTime() throws Exception {
        ProbeEngine engine = new ProbeEngine(FakeTools.fping(dir, "127.0.0.1 : 0.05 -"), "mtr", PathHistory.inMemory());
        Target t = new TargetParser(Samples.MODULES).parse("icmp://127.0.0.1", null, Map.of());
        TargetReport r = engine.run(List.of(t), new RunOptions(2, Duration.ofMillis(10), 1, null)).get(0);
        assertNull(r.rounds().get(1).latency());
        JsonNode json = JsonMapper.builder().build().readTree(render(r, true, true));
        assertTrue(json.get(0).get("rounds").get(1).get("ms").isNull(), json.toString());
        ProbeEngine allLost = new ProbeEngine(FakeTools.fping(dir, "127.0.0.1 : -"), "mtr", PathHistory.inMemory());
        TargetReport single = allLost.run(List.of(t), new RunOptions(1, Duration.ofMillis(10), 1, null)).get(0);
        String table = render(single, false, false);
        assertTrue(table.split("\n")[1].matches("icmp://127.0.0.1\\s+icmp\\s+fail\\s+-\\s+no reply"), table);
        ProbeResult summary = allLost.round(List.of(t), null, 1).get(t);
        assertNull(summary.latency());
    }

    @Test
    void icmpAndPathFailByTheSameLossRule() throws Exception {
        // 3 of 25 pings lost (12 %), and a path whose destination lost 26 % of 10 packets.
        String pings = "127.0.0.1 : " + "0.05 ".repeat(22) + "- - -";
        ProbeEngine engine = new ProbeEngine(FakeTools.fping(dir, pings), FakeTools.mtrWithLoss(dir, 26.0), PathHistory.inMemory());
        TargetParser parser = new TargetParser(Samples.MODULES);
        List<Target> targets = List.of(parser.parse("icmp://127.0.0.1", null, Map.of()), parser.parse("path://127.0.0.1", null, Map.of()));
        List<TargetReport> strict = engine.run(targets, new RunOptions(25, Duration.ofMillis(10), 2, null));
        assertEquals(0.12, strict.get(0).loss(), 1e-9);
        assertFalse(strict.get(0).success());
        assertEquals("12% loss is above --max-loss 5%", strict.get(0).error());
        assertEquals(0.26, strict.get(1).loss(), 1e-9);
        assertFalse(strict.get(1).success(), "the path lost more than the threshold too");
        assertEquals("26% loss at the destination is above --max-loss 5%", strict.get(1).error());
        List<TargetReport> lenient = engine.run(targets, new RunOptions(25, Duration.ofMillis(10), 2, null, 0.30));
        assertTrue(lenient.get(0).success());
        assertTrue(lenient.get(1).success());
    }

    private String render(TargetReport r, boolean repeated, boolean json) {
        StringWriter out = new StringWriter();
        OutputOptions options = new OutputOptions();
        options.format = json ? OutputOptions.Format.json : OutputOptions.Format.table;
        Console console = new Console(new PrintWriter(out), new PrintWriter(new StringWriter()), options, false, null);
        ProbeReports.render(console, List.of(r), repeated);
        console.out().flush();
        return out.toString();
    }
}
