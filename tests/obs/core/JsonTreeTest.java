package obs.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** The streaming tree reader builds the tree the mapper's readTree builds, for every kind of value. */
class JsonTreeTest {
    static final List<String> DOCUMENTS = List.of(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"__name__\":\"up\",\"job\":\"p\"},"
                    + "\"value\":[1733000000.123,\"1\"]}]}}",
            "[1, -2, 2147483648, 9223372036854775808, 1.5, -0.0, 1e3, true, false, null, \"\\u00e9\\n\", [], {}]",
            "{\"a\": 1, \"a\": 2, \"nested\": {\"deep\": [[[{\"x\": \"y\"}]]]}}",
            "\"just a string\"",
            "42");

    @Test
    void readsWhatTheMapperReads() {
        for (String doc : DOCUMENTS) {
            assertEquals(Json.mapper().readTree(doc), JsonTree.read(doc), doc);
        }
    }

    @Test
    void numbersKeepTheirKinds() {
        JsonNode n = JsonTree.read("[1, 2147483648, 9223372036854775808, 1.5]");
        assertTrue(n.get(0).isInt());
        assertTrue(n.get(1).isLong());
        assertTrue(n.get(2).isBigInteger());
        assertTrue(n.get(3).isDouble());
    }

    @Test
    void emptyInputIsTheMissingNode() {
        assertTrue(JsonTree.read("").isMissingNode());
        assertTrue(JsonTree.read("  \n").isMissingNode());
    }

    @Test
    void brokenOrTrailingInputIsRefusedWithItsPlace() {
        JacksonException broken = assertThrows(JacksonException.class, () -> JsonTree.read("{\"a\":\n [1, 2"));
        assertEquals(2, broken.getLocation().getLineNr(), broken.getMessage());
        JacksonException trailing = assertThrows(JacksonException.class, () -> JsonTree.read("{} {}"));
        assertTrue(trailing.getOriginalMessage().contains("trailing content"), trailing.getMessage());
        assertThrows(JacksonException.class, () -> JsonTree.read("<html>503</html>"));
    }

    @Test
    void deepNestingIsBoundedByTheParser() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        JacksonException e = assertThrows(JacksonException.class, () -> JsonTree.read(deep));
        assertTrue(e.getOriginalMessage().toLowerCase().contains("nesting depth"), e.getMessage());
    }
}
