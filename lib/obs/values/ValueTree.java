package obs.values;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import obs.core.ObsException;
import obs.values.ValueType.Fields;
import obs.values.ValueType.ListOf;
import obs.values.ValueType.OpenMap;
import obs.values.ValueType.Scalar;
import obs.yaml.YamlNodes;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Values checked against their schema and merged in resolution order. A tree is a map of sections
 * (nested maps) and {@link Leaf}s; each leaf remembers where it was written ({@code file:line:col} or
 * {@code --set key=value}) so that later checks can point at it. Maps merge key by key; lists and
 * scalars replace the earlier value whole.
 */
final class ValueTree {
    /** A value and where it came from. Lists hold plain values (strings, booleans, integers, maps). */
    record Leaf(Object value, String origin) {
    }

    private ValueTree() {
    }

    /** Parses one YAML document (a profile or a values file) named {@code source} in errors. */
    static Map<String, Object> parse(String source, String text, ValueType schema) {
        Node root = YamlNodes.compose(source, text);
        if (root == null) {
            return new LinkedHashMap<>();
        }
        return new Reader(source).section(root, schema);
    }

    /** Parses {@code --set path.to.key=value}; a key holding dots or slashes goes in brackets: {@code a[b.c]}. */
    static Map<String, Object> set(String assignment, Fields schema) {
        String origin = "--set " + assignment;
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw ObsException.usage(origin + ": expected KEY=VALUE, e.g. --set size=medium");
        }
        List<String> path = path(assignment.substring(0, eq), origin);
        String text = assignment.substring(eq + 1);
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> section = root;
        ValueType type = schema;
        for (int i = 0; i < path.size(); i++) {
            String key = path.get(i);
            String dotted = String.join(".", path.subList(0, i + 1));
            ValueType child = child(type, key, origin);
            if (i == path.size() - 1) {
                section.put(key, new Leaf(setValue(child, text, origin, dotted), origin));
            } else if (child instanceof Scalar || child instanceof ListOf) {
                throw ObsException.usage(origin + ": '" + dotted + "' is a value, not a section");
            } else {
                Map<String, Object> next = new LinkedHashMap<>();
                section.put(key, next);
                section = next;
                type = child;
            }
        }
        return root;
    }

    /** Merges {@code from} into {@code into}: sections key by key, leaves replaced whole. */
    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> into, Map<String, Object> from) {
        from.forEach((key, value) -> {
            if (value instanceof Map<?, ?> m && into.get(key) instanceof Map<?, ?> existing) {
                merge((Map<String, Object>) existing, (Map<String, Object>) m);
            } else {
                into.put(key, value);
            }
        });
    }

    /** Fails unless every fixed key of the schema is present: the base profile must hold them all. */
    @SuppressWarnings("unchecked")
    static void requireComplete(String source, Map<String, Object> tree, Fields schema, String prefix) {
        schema.fields().forEach((key, type) -> {
            Object value = tree.get(key);
            if (value == null) {
                throw ObsException.usage(source + ": missing key '" + prefix + key + "' (the base profile holds every key)");
            }
            if (type instanceof Fields f) {
                requireComplete(source, (Map<String, Object>) value, f, prefix + key + ".");
            }
        });
    }

    /** The leaf at a dotted path of fixed keys, e.g. {@code exposure.grafana.type}. */
    static Leaf leaf(Map<String, Object> tree, String dotted) {
        Object node = tree;
        for (String key : dotted.split("\\.")) {
            node = ((Map<?, ?>) node).get(key);
        }
        return (Leaf) node;
    }

    /** The section at a dotted path; open maps hold their entries here. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> section(Map<String, Object> tree, String dotted) {
        Object node = tree;
        for (String key : dotted.split("\\.")) {
            node = ((Map<?, ?>) node).get(key);
        }
        return (Map<String, Object>) node;
    }

    private static ValueType child(ValueType type, String key, String origin) {
        if (type instanceof Fields f) {
            ValueType child = f.fields().get(key);
            if (child == null) {
                throw ObsException.usage(origin + ": " + unknownKey(key, f));
            }
            return child;
        }
        String problem = ((OpenMap) type).keyProblem().apply(key);
        if (problem != null) {
            throw ObsException.usage(origin + ": " + problem);
        }
        return ((OpenMap) type).values();
    }

    private static Object setValue(ValueType type, String text, String origin, String dotted) {
        try {
            return switch (type) {
                case Scalar s -> s.parse().apply(text);
                case ListOf l when l.element() instanceof Scalar s -> {
                    List<Object> items = new ArrayList<>();
                    for (String item : text.isEmpty() ? new String[0] : text.split(",", -1)) {
                        items.add(s.parse().apply(item.trim()));
                    }
                    yield checkSize(items, l.min());
                }
                case ListOf l -> throw ObsException.usage(origin + ": '" + dotted
                        + "' is a list of objects: set it in a values file (-f)");
                default -> throw ObsException.usage(origin + ": '" + dotted + "' is a section: set one of its keys ("
                        + dotted + ".KEY=VALUE)");
            };
        } catch (IllegalArgumentException e) {
            throw ObsException.usage(origin + ": " + dotted + ": " + e.getMessage());
        }
    }

    private static List<Object> checkSize(List<Object> items, int min) {
        if (items.size() < min) {
            throw new IllegalArgumentException("needs at least " + min + " element" + (min == 1 ? "" : "s"));
        }
        return List.copyOf(items);
    }

    private static List<String> path(String key, String origin) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '[') {
                int close = key.indexOf(']', i);
                if (close < 0) {
                    throw ObsException.usage(origin + ": unclosed '[' in the key");
                }
                addSegment(out, current, origin);
                out.add(key.substring(i + 1, close));
                i = close;
                if (i + 1 < key.length() && key.charAt(i + 1) == '.') {
                    i++;
                }
            } else if (c == '.') {
                addSegment(out, current, origin);
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty()) {
            out.add(current.toString());
        }
        if (out.isEmpty() || out.contains("")) {
            throw ObsException.usage(origin + ": empty key segment");
        }
        return out;
    }

    private static void addSegment(List<String> out, StringBuilder current, String origin) {
        if (current.isEmpty() && out.isEmpty()) {
            throw ObsException.usage(origin + ": empty key segment");
        }
        if (!current.isEmpty()) {
            out.add(current.toString());
            current.setLength(0);
        }
    }

    private static String unknownKey(String key, Fields f) {
        return "unknown key '" + key + "' (expected one of: " + String.join(", ", f.fields().keySet()) + ")";
    }

    /** Walks a composed YAML node tree against the schema. */
    private record Reader(String source) {
        ObsException error(Node node, String message) {
            return YamlNodes.error(source, node, message);
        }

        Map<String, Object> section(Node node, ValueType type) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : YamlNodes.entries(source, node)) {
                String key = YamlNodes.key(t);
                ValueType child;
                if (type instanceof Fields f) {
                    child = f.fields().get(key);
                    if (child == null) {
                        throw error(t.getKeyNode(), unknownKey(key, f));
                    }
                } else {
                    String problem = ((OpenMap) type).keyProblem().apply(key);
                    if (problem != null) {
                        throw error(t.getKeyNode(), problem);
                    }
                    child = ((OpenMap) type).values();
                }
                out.put(key, value(t.getValueNode(), child));
            }
            return out;
        }

        private Object value(Node node, ValueType type) {
            if (type instanceof Fields || type instanceof OpenMap) {
                rejectNull(node);
                return section(node, type);
            }
            return new Leaf(plain(node, type), YamlNodes.position(source, node.getStartMark()));
        }

        private Object plain(Node node, ValueType type) {
            rejectNull(node);
            return switch (type) {
                case Scalar s -> {
                    if (!(node instanceof ScalarNode scalar)) {
                        throw error(node, "expected " + s.description() + ", found a " + YamlNodes.kind(node));
                    }
                    try {
                        yield s.parse().apply(scalar.getValue());
                    } catch (IllegalArgumentException e) {
                        throw error(node, e.getMessage());
                    }
                }
                case ListOf l -> {
                    if (!(node instanceof SequenceNode seq)) {
                        throw error(node, "expected a list, found a " + YamlNodes.kind(node));
                    }
                    List<Object> items = new ArrayList<>();
                    seq.getValue().forEach(item -> items.add(plain(item, l.element())));
                    try {
                        yield checkSize(items, l.min());
                    } catch (IllegalArgumentException e) {
                        throw error(node, e.getMessage());
                    }
                }
                case Fields f -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    section(node, f).forEach((k, v) -> out.put(k, v instanceof Leaf leaf ? leaf.value() : v));
                    yield out;
                }
                case OpenMap m -> throw new IllegalStateException("open maps inside lists are not in the schema");
            };
        }

        private void rejectNull(Node node) {
            if (YamlNodes.isNull(node)) {
                throw error(node, "null is not allowed: leave the key out to keep the earlier value");
            }
        }
    }
}
