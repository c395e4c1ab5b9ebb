package obs.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import obs.core.ObsException;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/** The shared node layer: the same positions and words for every YAML file obs reads. */
class YamlNodesTest {
    @Test
    void syntaxErrorsCarryFileLineAndColumn() {
        ObsException e = assertThrows(ObsException.class, () -> YamlNodes.compose("f.yaml", "a: [1, 2\nb: 3\n"));
        assertTrue(e.getMessage().startsWith("f.yaml:2:2: invalid YAML: "), e.getMessage());
        assertNull(YamlNodes.compose("f.yaml", "# only a comment\n"));
    }

    @Test
    void entriesRejectRepeatedAndStructuredKeysAndNonMappings() {
        assertEquals("f.yaml:3:1: duplicate key 'a'", message("a: 1\nb: 2\na: 3\n"));
        assertEquals("f.yaml:1:1: keys must be plain strings", message("[x]: 1\n"));
        assertEquals("f.yaml:1:1: expected a mapping, found a list", message("- a\n- b\n"));
        assertEquals("f.yaml:1:1: expected a mapping, found a single value", message("just text\n"));
        List<NodeTuple> entries = YamlNodes.entries("f.yaml", YamlNodes.compose("f.yaml", "a: 1\nb: ~\n"));
        assertEquals(List.of("a", "b"), entries.stream().map(YamlNodes::key).toList());
        assertFalse(YamlNodes.isNull(entries.get(0).getValueNode()));
        assertTrue(YamlNodes.isNull(entries.get(1).getValueNode()));
    }

    @Test
    void positionsAreOneBased() {
        Node root = YamlNodes.compose("f.yaml", "a:\n  b: 1\n");
        Node inner = ((MappingNode) root).getValue().getFirst().getValueNode();
        assertEquals("f.yaml:2:3", YamlNodes.position("f.yaml", inner.getStartMark()));
        assertEquals("f.yaml:2:3: bad", YamlNodes.error("f.yaml", inner, "bad").getMessage());
        assertEquals("f.yaml: ", YamlNodes.at("f.yaml", null));
    }

    private static String message(String text) {
        return assertThrows(ObsException.class, () -> YamlNodes.entries("f.yaml", YamlNodes.compose("f.yaml", text))).getMessage();
    }
}
