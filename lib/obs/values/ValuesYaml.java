package obs.values;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import obs.values.ValueTree.Leaf;
import obs.values.ValueType.Fields;
import obs.values.ValueType.ListOf;
import obs.values.ValueType.OpenMap;
import obs.values.ValueType.Scalar;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.representer.Representer;

/**
 * A values tree written back as a values file: the form {@code install -f} reads, optionally with every value the
 * schema marks secret replaced by {@link #REDACTED}.
 */
final class ValuesYaml {
    /** What a secret-like value reads as outside a Secret. An empty value (an integration left off) stays empty. */
    static final String REDACTED = "<redacted>";

    private ValuesYaml() {
    }

    static String write(Map<String, Object> tree, Fields schema, boolean redact) {
        Object plain = plain(tree, schema, redact);
        if (((Map<?, ?>) plain).isEmpty()) {
            return "{}\n";
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setSplitLines(false);
        options.setWidth(Integer.MAX_VALUE);
        return new Yaml(new Representer(options), options).dump(plain);
    }

    /** The dotted keys whose values the schema marks secret, e.g. {@code alerting.webhookUrl}. */
    static List<String> secretKeys(ValueType type, String prefix) {
        List<String> out = new ArrayList<>();
        switch (type) {
            case Scalar s when s.secret() -> out.add(prefix);
            case Fields f -> f.fields().forEach((k, t) -> out.addAll(secretKeys(t, prefix.isEmpty() ? k : prefix + "." + k)));
            case OpenMap m -> out.addAll(secretKeys(m.values(), prefix + ".KEY"));
            case ListOf l -> out.addAll(secretKeys(l.element(), prefix + "[]"));
            default -> {
            }
        }
        return out;
    }

    private static Object plain(Object node, ValueType type, boolean redact) {
        if (node instanceof Leaf leaf) {
            return plain(leaf.value(), type, redact);
        }
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put((String) k, plain(v, child(type, (String) k), redact)));
            return out;
        }
        if (node instanceof List<?> list) {
            ValueType element = type instanceof ListOf l ? l.element() : null;
            return list.stream().map(v -> plain(v, element, redact)).toList();
        }
        if (redact && type instanceof Scalar s && s.secret() && node instanceof String text && !text.isEmpty()) {
            return REDACTED;
        }
        return node;
    }

    private static ValueType child(ValueType type, String key) {
        return switch (type) {
            case Fields f -> f.fields().get(key);
            case OpenMap m -> m.values();
            case null, default -> null;
        };
    }
}
