package obs.yaml;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import obs.core.Durations;
import obs.core.InputFile;
import obs.core.ObsException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Loads YAML into Java records, rejecting unknown and duplicate keys, and reports every error as
 * {@code file:line:column: message}. SnakeYAML's own constructor only fills JavaBeans and loses the
 * position of type errors, so we compose SnakeYAML's node tree and map it here.
 * A record may validate itself in its compact constructor by throwing IllegalArgumentException;
 * the message is reported at the position of the mapping that produced it.
 */
public final class YamlRecords {
    private YamlRecords() {
    }

    /** Loads one YAML document from a file into {@code type}. */
    public static <T> T load(Path file, Class<T> type) {
        return read(file.toString(), text(file), type);
    }

    /** A file's text, as {@link #load} reads it (for callers that also need the node tree). */
    public static String text(Path file) {
        try {
            return InputFile.readString(file);
        } catch (NoSuchFileException e) {
            throw ObsException.usage(file + ": no such file");
        } catch (IOException e) {
            throw ObsException.usage(file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * For a record's constructor: fails if two elements of its list {@code list} share a {@code key}. The error is
     * reported at the repeat's own key, with the line of the first; {@code what} names the key in the message.
     */
    public static <T> void requireUnique(String list, List<T> items, Function<T, String> key, String keyName, String what) {
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String k = key.apply(items.get(i));
            Integer seen = first.putIfAbsent(k, i);
            if (seen != null) {
                throw new Duplicate(list, keyName, seen, i, "duplicate " + what + " '" + k + "'");
            }
        }
    }

    /** A repeated key found by {@link #requireUnique}: where the first and the repeat are in the list. */
    private static final class Duplicate extends IllegalArgumentException {
        final String list;
        final String key;
        final int first;
        final int repeat;

        Duplicate(String list, String key, int first, int repeat, String message) {
            super(message);
            this.list = list;
            this.key = key;
            this.first = first;
            this.repeat = repeat;
        }
    }

    /** Parses {@code text} (named {@code source} in errors) into {@code type}. */
    public static <T> T read(String source, String text, Class<T> type) {
        Node root = YamlNodes.compose(source, text);
        if (root == null) {
            throw ObsException.usage(source + ": empty document");
        }
        return type.cast(new Mapper(source).convert(root, type));
    }

    /** Parses YAML into plain maps, lists and strings, with the same error positions. */
    public static Object readTree(String source, String text) {
        Node root = YamlNodes.compose(source, text);
        return root == null ? null : new Mapper(source).plain(root);
    }

    /**
     * What binding needs of a record class, looked up once per class: the JDK does not cache record components
     * (each call parses the class's Record attribute and generic signatures anew), and a checks file makes a
     * record for every check.
     */
    private record RecordShape(Map<String, Integer> index, Type[] types, Constructor<?> constructor) {
        static RecordShape of(Class<?> cls) {
            RecordComponent[] components = cls.getRecordComponents();
            Map<String, Integer> index = new LinkedHashMap<>();
            Type[] types = new Type[components.length];
            Class<?>[] raw = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                index.put(components[i].getName(), i);
                types[i] = components[i].getGenericType();
                raw[i] = components[i].getType();
            }
            try {
                Constructor<?> ctor = cls.getDeclaredConstructor(raw);
                ctor.setAccessible(true);
                return new RecordShape(index, types, ctor);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final ClassValue<RecordShape> SHAPES = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            return RecordShape.of(type);
        }
    };

    private record Mapper(String source) {
        ObsException error(Node node, String message) {
            return YamlNodes.error(source, node, message);
        }

        Object convert(Node node, Type type) {
            if (type instanceof ParameterizedType p) {
                Class<?> raw = (Class<?>) p.getRawType();
                if (List.class.isAssignableFrom(raw)) {
                    return list(node, p.getActualTypeArguments()[0]);
                }
                if (Map.class.isAssignableFrom(raw)) {
                    return map(node, p.getActualTypeArguments()[1]);
                }
                throw new IllegalStateException("unsupported type " + type);
            }
            Class<?> cls = (Class<?>) type;
            if (cls.isRecord()) {
                return record(node, cls);
            }
            if (cls == Object.class) {
                return plain(node);
            }
            String text = scalar(node, cls.getSimpleName().toLowerCase());
            return scalarValue(node, text, cls);
        }

        private Object scalarValue(Node node, String text, Class<?> cls) {
            try {
                if (cls == String.class) {
                    return text;
                }
                if (cls == Integer.class || cls == int.class) {
                    return Integer.valueOf(text);
                }
                if (cls == Long.class || cls == long.class) {
                    return Long.valueOf(text);
                }
                if (cls == Double.class || cls == double.class) {
                    return Double.valueOf(text);
                }
                if (cls == Boolean.class || cls == boolean.class) {
                    if (!text.equals("true") && !text.equals("false")) {
                        throw error(node, "expected true or false, found '" + text + "'");
                    }
                    return Boolean.valueOf(text);
                }
                if (cls == Duration.class) {
                    return Durations.parse(text);
                }
                if (cls.isEnum()) {
                    for (Object constant : cls.getEnumConstants()) {
                        if (((Enum<?>) constant).name().equalsIgnoreCase(text.replace('-', '_'))) {
                            return constant;
                        }
                    }
                    throw error(node, "unknown value '" + text + "' (expected one of: "
                            + Arrays.stream(cls.getEnumConstants()).map(c -> ((Enum<?>) c).name().replace('_', '-'))
                                    .collect(Collectors.joining(", ")) + ")");
                }
            } catch (IllegalArgumentException e) {
                if (e instanceof NumberFormatException) {
                    throw error(node, "expected a number, found '" + text + "'");
                }
                throw error(node, e.getMessage());
            }
            throw new IllegalStateException("unsupported type " + cls);
        }

        private String scalar(Node node, String expected) {
            if (!(node instanceof ScalarNode s)) {
                throw error(node, "expected a " + expected + ", found a " + YamlNodes.kind(node));
            }
            return s.getValue();
        }

        private List<Object> list(Node node, Type element) {
            if (!(node instanceof SequenceNode seq)) {
                throw error(node, "expected a list, found a " + YamlNodes.kind(node));
            }
            List<Object> out = new ArrayList<>();
            for (Node item : seq.getValue()) {
                out.add(convert(item, element));
            }
            return List.copyOf(out);
        }

        private Map<String, Object> map(Node node, Type value) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : tuples(node)) {
                out.put(((ScalarNode) t.getKeyNode()).getValue(), convert(t.getValueNode(), value));
            }
            return out;
        }

        private List<NodeTuple> tuples(Node node) {
            return YamlNodes.entries(source, node);
        }

        private Object record(Node node, Class<?> cls) {
            RecordShape shape = SHAPES.get(cls);
            Object[] args = new Object[shape.types().length];
            for (NodeTuple t : tuples(node)) {
                String key = ((ScalarNode) t.getKeyNode()).getValue();
                Integer i = shape.index().get(key);
                if (i == null) {
                    throw error(t.getKeyNode(), "unknown key '" + key + "' (expected one of: "
                            + String.join(", ", shape.index().keySet()) + ")");
                }
                args[i] = convert(t.getValueNode(), shape.types()[i]);
            }
            try {
                return shape.constructor().newInstance(args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof Duplicate d) {
                    Node first = keyOf(node, d, d.first);
                    throw error(keyOf(node, d, d.repeat), d.getMessage() + (first == node ? ""
                            : " (first at line " + (first.getStartMark().getLine() + 1) + ")"));
                }
                if (e.getCause() instanceof IllegalArgumentException iae) {
                    throw error(node, iae.getMessage());
                }
                if (e.getCause() instanceof ObsException obs) {
                    throw obs;
                }
                throw new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The value of {@code d.key} in element {@code index} of the record's list {@code d.list}, else the record. */
        private Node keyOf(Node record, Duplicate d, int index) {
            for (NodeTuple t : tuples(record)) {
                if (YamlNodes.key(t).equals(d.list) && t.getValueNode() instanceof SequenceNode seq && index < seq.getValue().size()) {
                    Node element = seq.getValue().get(index);
                    for (NodeTuple e : tuples(element)) {
                        if (YamlNodes.key(e).equals(d.key)) {
                            return e.getValueNode();
                        }
                    }
                    return element;
                }
            }
            return record;
        }

        Object plain(Node node) {
            if (node instanceof ScalarNode s) {
                return s.getValue();
            }
            if (node instanceof SequenceNode seq) {
                return seq.getValue().stream().map(this::plain).toList();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : tuples(node)) {
                out.put(((ScalarNode) t.getKeyNode()).getValue(), plain(t.getValueNode()));
            }
            return out;
        }
    }
}
