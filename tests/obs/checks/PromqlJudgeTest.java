package obs.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import obs.checks.Outcome.Status;
import obs.checks.PromqlEvaluator.Sample;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PromqlJudgeTest {
    static final List<Sample> UP = List.of(new Sample("up{job=\"a\"}", 1), new Sample("up{job=\"b\"}", 0));

    @Test
    void comparisonNamesEveryFailingSeries() {
        Outcome o = PromqlEvaluator.judge("up", Condition.parse("== 1"), UP);
        assertEquals(new Outcome(Status.fail, "1 of 2 series not == 1: up{job=\"b\"} = 0"), o);
        assertEquals(Status.ok, PromqlEvaluator.judge("up", Condition.parse(">= 0"), UP).status());
    }

    @Test
    void emptyAndNonEmpty() {
        assertEquals(Status.fail, PromqlEvaluator.judge("up == 0", Condition.parse("empty"), UP).status());
        assertEquals(Status.ok, PromqlEvaluator.judge("up == 0", Condition.parse("empty"), List.of()).status());
        assertEquals(new Outcome(Status.fail, "no series for absent_metric"),
                PromqlEvaluator.judge("absent_metric", Condition.parse("nonempty"), List.of()));
        assertEquals(Status.fail, PromqlEvaluator.judge("x", Condition.parse("< 1"), List.of()).status());
    }

    @Test
    void parsesVectorAndScalarResults() {
        var json = JsonMapper.builder().build();
        var vector = json.readTree("""
                {"resultType":"vector","result":[{"metric":{"__name__":"up","job":"node"},"value":[1,"1"]}]}""");
        assertEquals(List.of(new Sample("up{job=\"node\"}", 1)), PromqlEvaluator.samples(vector));
        var scalar = json.readTree("{\"resultType\":\"scalar\",\"result\":[1,\"2.5\"]}");
        assertEquals(List.of(new Sample("scalar", 2.5)), PromqlEvaluator.samples(scalar));
    }

    @Test
    void conditionPrintsAsWritten() {
        assertEquals("< 0.9", Condition.parse("< 0.9").toString());
        assertEquals("== 1", Condition.parse("==1").toString());
    }
}
