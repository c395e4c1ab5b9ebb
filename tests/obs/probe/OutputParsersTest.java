package obs.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fping and mtr output as the notes measured it (fping 5.1, mtr 0.95), and the path-change rule. */
class OutputParsersTest {
    @Test
    void fpingCountSummaryGivesEveryReplyAndLoss() {
        Map<String, List<Double>> out = FpingOutput.parse("""
                127.0.0.1   : 0.106 0.045 0.064
                10.213.6.2 : 20.9 20.9 20.4 - -
                ICMP Host Unreachable from 10.0.0.1 for ICMP Echo sent to 10.0.0.9
                10.0.0.9   : - - -
                """);
        assertEquals(List.of(0.106, 0.045, 0.064), out.get("127.0.0.1"));
        List<Double> lossy = out.get("10.213.6.2");
        assertEquals(5, lossy.size());
        assertTrue(lossy.get(3).isNaN() && lossy.get(4).isNaN());
        assertTrue(out.get("10.0.0.9").stream().allMatch(d -> d.isNaN()));
        assertEquals(3, out.size());
    }

    @Test
    void mtrJsonGivesHopsWithSilentOnesAsNull() {
        List<Hop> hops = MtrReport.parse("""
                {"report":{"mtr":{"src":"vm","dst":"10.1.2.2","tos":0,"tests":10,"psize":"64","bitpattern":"0x00"},
                 "hubs":[{"count":1,"host":"???","Loss%":100.0,"Snt":10,"Last":0.0,"Avg":0.0,"Best":0.0,"Wrst":0.0,"StDev":0.0},
                         {"count":2,"host":"10.1.2.2","Loss%":10.0,"Snt":10,"Last":20.5,"Avg":20.662,"Best":20.42,"Wrst":21.259,"StDev":0.2}]}}
                """);
        assertEquals(2, hops.size());
        assertNull(hops.get(0).host());
        assertEquals("???", hops.get(0).label());
        assertEquals(1.0, hops.get(0).loss());
        assertEquals(new Hop(2, "10.1.2.2", 0.1, 10, 20.5, 20.662, 20.42, 21.259, 0.2), hops.get(1));
        assertThrows(IllegalArgumentException.class, () -> MtrReport.parse("mtr: Failed to resolve host"));
    }

    @Test
    void aSilentHopIsNotAPathChangeButANewAddressIs() {
        List<String> before = Arrays.asList("10.0.1.254", "10.0.2.2");
        assertFalse(PathHistory.differs(before, Arrays.asList(null, "10.0.2.2")));
        assertTrue(PathHistory.differs(before, Arrays.asList("10.0.3.254", "10.0.2.2")));
        assertTrue(PathHistory.differs(before, Arrays.asList("10.0.1.254", "10.0.9.9", "10.0.2.2")));
    }

}
