package obs.yaml;

import java.io.StringReader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import obs.core.ObsException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * SnakeYAML's node tree, which keeps every value's position, and the errors obs words from it as
 * {@code file:line:column: message}. The readers that map nodes to something (records, blackbox modules,
 * profile values) all start here, so a file gets the same syntax, duplicate-key and type messages everywhere.
 */
public final class YamlNodes {
    private YamlNodes() {
    }

    /** Composes one document named {@code source} in errors; null for an empty one. */
    public static Node compose(String source, String text) {
        try {
            // The composer alone, as Yaml.compose runs it, without the constructor and representer that a Yaml object
            // builds: obs maps nodes itself, and SnakeYAML's constructor asks the JDK for a System.Logger, whose
            // provider look-up opens every jar of the class path (tens of milliseconds of a command's start).
            LoaderOptions options = new LoaderOptions();
            return new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options), new Resolver(), options).getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw ObsException.usage(at(source, mark) + "invalid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw ObsException.usage(source + ": invalid YAML: " + e.getMessage());
        }
    }

    /** A usage error at the node's position. */
    public static ObsException error(String source, Node node, String message) {
        return ObsException.usage(at(source, node.getStartMark()) + message);
    }

    /** {@code file:line:column: }, or {@code file: } without a position: the start of an error message. */
    public static String at(String source, Mark mark) {
        return position(source, mark) + ": ";
    }

    /** {@code file:line:column}, or {@code file} without a position. */
    public static String position(String source, Mark mark) {
        return mark == null ? source : source + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }

    /**
     * The entries of a mapping, checked: an error if the node is not a mapping, a key is not a plain string, or a
     * key repeats. SnakeYAML's own duplicate-key check applies only when it constructs objects, not to nodes.
     */
    public static List<NodeTuple> entries(String source, Node node) {
        if (!(node instanceof MappingNode mapping)) {
            throw error(source, node, "expected a mapping, found a " + kind(node));
        }
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : mapping.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                throw error(source, t.getKeyNode(), "keys must be plain strings");
            }
            if (!seen.add(key.getValue())) {
                throw error(source, key, "duplicate key '" + key.getValue() + "'");
            }
        }
        return mapping.getValue();
    }

    /** The key of an entry from {@link #entries}. */
    public static String key(NodeTuple entry) {
        return ((ScalarNode) entry.getKeyNode()).getValue();
    }

    /** Whether the node is YAML's null ({@code ~}, {@code null} or nothing). */
    public static boolean isNull(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    /** What a node is, in the words of an error message. */
    public static String kind(Node node) {
        return switch (node.getNodeId()) {
            case scalar -> "single value";
            case sequence -> "list";
            case mapping -> "mapping";
            default -> "alias";
        };
    }
}
