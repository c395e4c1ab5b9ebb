package obs.probe.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import obs.core.Durations;
import obs.core.EditDistance;
import obs.core.ObsException;
import obs.yaml.YamlNodes;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of a blackbox modules file, read key by key. Every error carries file:line:col, and
 * {@link #leftovers} turns the keys nobody asked for into either "unsupported" reports (blackbox options obs
 * does not implement, known or newer) or typo errors, so nothing in the file is ignored silently.
 * Records cannot do this here: blackbox's snake_case keys and inline option groups do not map onto Java names.
 */
final class ConfigNode {
    private final String source;
    private final String path;
    private final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> asked = new LinkedHashSet<>();

    private ConfigNode(String source, String path, Node node) {
        this.source = source;
        this.path = path;
        this.node = node;
        if (!(node instanceof MappingNode)) {
            throw error(node, (path.isEmpty() ? "the file" : path) + " must be a mapping, found a " + YamlNodes.kind(node));
        }
        YamlNodes.entries(source, node).forEach(t -> entries.put(YamlNodes.key(t), t));
    }

    /** Parses a whole file; an empty file is an empty mapping. */
    static ConfigNode parse(String source, String text) {
        Node root = YamlNodes.compose(source, text);
        return new ConfigNode(source, "", root == null ? emptyMapping() : root);
    }

    String path() {
        return path;
    }

    /** file:line:col of this mapping. */
    String location() {
        return YamlNodes.position(source, node.getStartMark());
    }

    ObsException error(String message) {
        return error(node, message);
    }

    ObsException error(Node at, String message) {
        return YamlNodes.error(source, at, message);
    }

    /** An error placed at a key's value (or at this mapping when the key is absent). */
    ObsException errorAt(String key, String message) {
        NodeTuple t = entries.get(key);
        return error(t == null ? node : t.getValueNode(), message);
    }

    boolean has(String key) {
        asked.add(key);
        Node v = raw(key);
        return v != null && !YamlNodes.isNull(v);
    }

    String string(String key, String fallback) {
        Node v = value(key);
        return v == null ? fallback : scalar(key, v);
    }

    boolean bool(String key, boolean fallback) {
        Node v = value(key);
        if (v == null) {
            return fallback;
        }
        String s = scalar(key, v);
        if (!s.equals("true") && !s.equals("false")) {
            throw error(v, qualified(key) + ": expected true or false, found '" + s + "'");
        }
        return Boolean.parseBoolean(s);
    }

    /**
     * A value as bytes, held one char per byte (ISO-8859-1) as the tcp dialogue reads the wire: a YAML
     * {@code !!binary} value is base64-decoded, any other is the UTF-8 of its text, as Go's YAML gives blackbox.
     */
    String bytes(String key) {
        Node v = value(key);
        if (v == null) {
            return null;
        }
        String text = scalar(key, v);
        if (!v.getTag().equals(Tag.BINARY)) {
            return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        }
        try {
            return new String(Base64.getMimeDecoder().decode(text), StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            throw error(v, qualified(key) + ": invalid !!binary value: " + e.getMessage());
        }
    }

    int integer(String key, int fallback) {
        Node v = value(key);
        return v == null ? fallback : toInt(key, v);
    }

    Duration duration(String key, Duration fallback) {
        Node v = value(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Durations.parse(scalar(key, v));
        } catch (IllegalArgumentException e) {
            throw error(v, qualified(key) + ": " + e.getMessage());
        }
    }

    List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        for (Node item : items(key)) {
            out.add(scalar(key, item));
        }
        return List.copyOf(out);
    }

    List<Integer> ints(String key) {
        List<Integer> out = new ArrayList<>();
        for (Node item : items(key)) {
            out.add(toInt(key, item));
        }
        return List.copyOf(out);
    }

    /** A list of regular expressions, compiled here so a bad one is reported at its line. */
    List<Pattern> regexes(String key) {
        List<Pattern> out = new ArrayList<>();
        for (Node item : items(key)) {
            out.add(regex(key, item));
        }
        return List.copyOf(out);
    }

    Pattern regex(String key) {
        Node v = value(key);
        return v == null ? null : regex(key, v);
    }

    Map<String, String> stringMap(String key) {
        Node v = value(key);
        if (v == null) {
            return Map.of();
        }
        ConfigNode child = new ConfigNode(source, qualified(key), v);
        Map<String, String> out = new LinkedHashMap<>();
        child.entries.forEach((k, t) -> out.put(k, child.scalar(k, t.getValueNode())));
        return out;
    }

    /** The nested mapping under {@code key}, or an empty one when absent. */
    ConfigNode child(String key) {
        Node v = value(key);
        return new ConfigNode(source, qualified(key), v == null ? emptyMapping() : v);
    }

    /** Every key of this mapping with its nested mapping (used for the modules section). */
    Map<String, ConfigNode> children() {
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        for (String key : entries.keySet()) {
            out.put(key, child(key));
        }
        return out;
    }

    /** A list of nested mappings. */
    List<ConfigNode> list(String key) {
        List<ConfigNode> out = new ArrayList<>();
        List<Node> items = items(key);
        for (int i = 0; i < items.size(); i++) {
            out.add(new ConfigNode(source, qualified(key) + "[" + i + "]", items.get(i)));
        }
        return out;
    }

    /**
     * Settles the keys nobody read. A blackbox option obs knows but does not implement ({@code unsupported}) is
     * reported as such. Any other key is either a typo or an option of a blackbox newer than obs knows: one within
     * "did you mean" distance of a known key is taken for a typo and fails; one far from every known key is taken
     * for a newer option and reported as unsupported too, so a newer upstream file still loads and only the modules
     * using such an option are refused. A typo is much more likely than a new option one letter away from an old one.
     */
    List<Unsupported> leftovers(Set<String> unsupported) {
        List<Unsupported> out = new ArrayList<>();
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            String key = e.getKey();
            if (asked.contains(key)) {
                continue;
            }
            Node keyNode = e.getValue().getKeyNode();
            String at = YamlNodes.position(source, keyNode.getStartMark());
            if (unsupported.contains(key)) {
                out.add(new Unsupported(at, qualified(key)));
                continue;
            }
            Set<String> known = known(unsupported);
            if (closest(key, known) != null) {
                throw unknown(keyNode, key, known);
            }
            out.add(new Unsupported(at, qualified(key) + " (unknown to obs, perhaps from a newer blackbox exporter)"));
        }
        return out;
    }

    /** Fails on the first key nobody read: for mappings whose keys are all known (the file's top level). */
    void noLeftovers() {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!asked.contains(e.getKey())) {
                throw unknown(e.getValue().getKeyNode(), e.getKey(), known(Set.of()));
            }
        }
    }

    private Set<String> known(Set<String> unsupported) {
        Set<String> known = new TreeSet<>(asked);
        known.addAll(unsupported);
        return known;
    }

    private ObsException unknown(Node keyNode, String key, Set<String> known) {
        String best = closest(key, known);
        return error(keyNode, "unknown option '" + key + "'" + (path.isEmpty() ? "" : " in " + path)
                + (best != null ? " (did you mean '" + best + "'?)" : known.isEmpty() ? "" : " (known: " + String.join(", ", known) + ")"));
    }

    /** Reports a present key as an option obs does not implement. */
    Unsupported unsupported(String key) {
        asked.add(key);
        NodeTuple t = entries.get(key);
        return new Unsupported(YamlNodes.position(source, (t == null ? node : t.getKeyNode()).getStartMark()), qualified(key));
    }

    String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private Node raw(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getValueNode();
    }

    private Node value(String key) {
        asked.add(key);
        Node v = raw(key);
        return v == null || YamlNodes.isNull(v) ? null : v;
    }

    private List<Node> items(String key) {
        Node v = value(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof SequenceNode seq)) {
            throw error(v, qualified(key) + ": expected a list, found a " + YamlNodes.kind(v));
        }
        return seq.getValue();
    }

    private String scalar(String key, Node v) {
        if (!(v instanceof ScalarNode s)) {
            throw error(v, qualified(key) + ": expected a single value, found a " + YamlNodes.kind(v));
        }
        return s.getValue();
    }

    private int toInt(String key, Node v) {
        String s = scalar(key, v);
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw error(v, qualified(key) + ": expected a whole number, found '" + s + "'");
        }
    }

    private Pattern regex(String key, Node v) {
        String s = scalar(key, v);
        try {
            return Pattern.compile(s);
        } catch (PatternSyntaxException e) {
            throw error(v, qualified(key) + ": invalid regular expression '" + s + "': " + e.getDescription());
        }
    }

    /** The known key a misspelt {@code key} most likely meant, or null when none is close. */
    private static String closest(String key, Set<String> known) {
        String best = known.stream().min(Comparator.comparingInt(k -> EditDistance.between(key, k))).orElse(null);
        return best != null && EditDistance.between(key, best) <= Math.max(2, key.length() / 4) ? best : null;
    }

    private static MappingNode emptyMapping() {
        return new MappingNode(Tag.MAP, List.of(), org.yaml.snakeyaml.DumperOptions.FlowStyle.AUTO);
    }
}
