package obs.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import obs.core.Exit;
import obs.core.ObsException;
import org.junit.jupiter.api.Test;

class YamlRecordsTest {
    enum Color { red, dark_blue }

    record Inner(String name, Integer port) {
    }

    record Outer(String title, Duration every, Color color, List<Inner> items, Map<String, Integer> limits, Boolean on) {
        Outer {
            if ("bad".equals(title)) {
                throw new IllegalArgumentException("title must not be bad");
            }
        }
    }

    record Listed(List<Inner> items) {
        Listed {
            YamlRecords.requireUnique("items", items, Inner::name, "name", "item name");
        }
    }

    @Test
    void aRepeatedKeyInAListIsReportedAtTheRepeat() {
        ObsException e = assertThrows(ObsException.class, () -> YamlRecords.read("f.yaml", """
                items:
                  - {name: a, port: 1}
                  - name: b
                  -   port: 3
                      name: a
                """, Listed.class));
        assertEquals("f.yaml:5:13: duplicate item name 'a' (first at line 2)", e.getMessage());
    }

    private static String error(String yaml) {
        ObsException e = assertThrows(ObsException.class, () -> YamlRecords.read("f.yaml", yaml, Outer.class));
        assertEquals(Exit.USAGE, e.exit());
        return e.getMessage();
    }

    @Test
    void mapsNestedRecordsListsMapsEnumsAndDurations() {
        Outer o = YamlRecords.read("f.yaml", """
                title: t
                every: 1m30s
                color: dark-blue
                items:
                  - {name: a, port: 80}
                limits: {cpu: 2}
                on: true
                """, Outer.class);
        assertEquals(new Outer("t", Duration.ofSeconds(90), Color.dark_blue, List.of(new Inner("a", 80)), Map.of("cpu", 2), true), o);
    }

    @Test
    void unknownKeyNamesFileLineColumnAndTheKnownKeys() {
        assertEquals("f.yaml:3:5: unknown key 'nmae' (expected one of: name, port)",
                error("title: t\nitems:\n  - nmae: a\n"));
    }

    @Test
    void duplicateKeyIsRejectedWithItsPosition() {
        assertEquals("f.yaml:2:1: duplicate key 'title'", error("title: a\ntitle: b\n"));
    }

    @Test
    void wrongTypesSayWhatWasExpected() {
        assertEquals("f.yaml:1:16: expected a number, found 'eighty'", error("items: [{port: eighty}]"));
        assertEquals("f.yaml:1:8: expected a list, found a single value", error("items: x"));
        assertEquals("f.yaml:1:5: expected true or false, found 'yes'", error("on: yes"));
        assertEquals("f.yaml:1:8: unknown value 'green' (expected one of: red, dark-blue)", error("color: green"));
        assertEquals("f.yaml:1:8: invalid duration '5 minutes' (use e.g. 500ms, 10s, 2m, 1h)", error("every: 5 minutes"));
    }

    @Test
    void recordValidationIsReportedAtTheMapping() {
        assertEquals("f.yaml:1:1: title must not be bad", error("title: bad\n"));
    }

    @Test
    void malformedYamlGivesTheParserPosition() {
        String message = error("title: t\nitems: [a, b\n");
        assertEquals("f.yaml:3:1: invalid YAML:", message.substring(0, "f.yaml:3:1: invalid YAML:".length()));
    }

    @Test
    void emptyDocumentIsAnError() {
        assertEquals("f.yaml: empty document", error(""));
    }
}
