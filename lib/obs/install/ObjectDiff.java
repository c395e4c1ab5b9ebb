package obs.install;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import obs.core.Json;
import obs.manifests.Checksums;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import tools.jackson.databind.JsonNode;

/**
 * Field-level differences between an object as rendered and as it lives in the cluster. Only the fields obs
 * renders are compared, so everything the server adds (status, defaults, uid, resourceVersion, managedFields)
 * and fields other managers own are ignored; quantities compare by value ("1000m" equals "1").
 */
final class ObjectDiff {
    /** One differing field; {@code live} is null when the field is missing in the cluster. */
    record Change(String path, String live, String rendered) {
        @Override
        public String toString() {
            return path + ": " + (live == null ? "(none)" : live) + " -> " + rendered;
        }
    }

    /** Keys that name the items of a list: Kubernetes' own, and Prometheus' scrape jobs inside a ConfigMap. */
    private static final List<String> NAME_KEYS = List.of("name", "job_name");
    /** A Secret's value in a diff: that it changes is shown, never what it holds. */
    static final String HIDDEN = "(secret value, not shown)";
    static final String HIDDEN_NEW = "(new secret value, not shown)";

    private ObjectDiff() {
    }

    static List<Change> between(HasMetadata rendered, HasMetadata live) {
        JsonNode want = Json.mapper().valueToTree(rendered);
        JsonNode have = Json.mapper().valueToTree(live);
        List<Change> out = new ArrayList<>();
        for (var field : want.properties()) {
            if (!field.getKey().equals("status")) {
                compare(field.getKey(), field.getValue(), have.get(field.getKey()), out);
            }
        }
        out.removeIf(c -> c.path().equals("metadata.annotations." + Checksums.RENDERED));
        if (rendered instanceof Secret) {
            out.replaceAll(c -> c.path().startsWith("data.") || c.path().startsWith("stringData.")
                    ? new Change(c.path(), c.live() == null ? null : HIDDEN, HIDDEN_NEW) : c);
        }
        return out;
    }

    private static void compare(String path, JsonNode want, JsonNode have, List<Change> out) {
        if (have == null || have.isNull()) {
            if (!empty(want)) {
                out.add(new Change(path, null, brief(want)));
            }
        } else if (want.isObject() && have.isObject()) {
            for (var field : want.properties()) {
                compare(path.endsWith(":") ? path + " " + field.getKey() : path + "." + field.getKey(), field.getValue(),
                        have.get(field.getKey()), out);
            }
        } else if (want.isArray() && have.isArray()) {
            compareLists(path, want, have, out);
        } else if (want.isString() && have.isString() && want.asString().contains("\n")) {
            textChange(path, have.asString(), want.asString(), out);
        } else if (!sameValue(path, want, have)) {
            out.add(new Change(path, brief(have), brief(want)));
        }
    }

    /**
     * A changed file in a ConfigMap. A YAML (or JSON) file is compared as data, so a file the installer wrote anew
     * from the shipped one shows only the values that changed; any other text shows the span of lines that differ.
     */
    private static void textChange(String path, String have, String want, List<Change> out) {
        if (have.equals(want)) {
            return;
        }
        Object a = yaml(have);
        Object b = yaml(want);
        if (a instanceof Map<?, ?> && b instanceof Map<?, ?>) {
            compare(path + ":", Json.mapper().valueToTree(b), Json.mapper().valueToTree(a), out);
        } else {
            lineChange(path, have, want).ifPresent(out::add);
        }
    }

    private static Object yaml(String text) {
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            return null;
        }
    }

    private static Optional<Change> lineChange(String path, String have, String want) {
        List<String> a = have.lines().toList();
        List<String> b = want.lines().toList();
        int top = 0;
        while (top < a.size() && top < b.size() && a.get(top).equals(b.get(top))) {
            top++;
        }
        int bottom = 0;
        while (bottom < a.size() - top && bottom < b.size() - top
                && a.get(a.size() - 1 - bottom).equals(b.get(b.size() - 1 - bottom))) {
            bottom++;
        }
        String span = " (lines " + (top + 1) + "-" + (b.size() - bottom) + " of " + b.size() + ")";
        return Optional.of(new Change(path + span, top < a.size() - bottom ? brief(a.get(top).strip()) : "",
                top < b.size() - bottom ? brief(b.get(top).strip()) : ""));
    }

    /** Lists of named items (containers, ports, env, volumes, scrape jobs) pair up by name, others by position. */
    private static void compareLists(String path, JsonNode want, JsonNode have, List<Change> out) {
        String key = NAME_KEYS.stream().filter(k -> want.size() > 0 && allNamed(want, k) && allNamed(have, k)).findFirst().orElse(null);
        boolean named = key != null;
        if (!named && want.size() != have.size()) {
            out.add(new Change(path, brief(have), brief(want)));
            return;
        }
        for (int i = 0; i < want.size(); i++) {
            JsonNode w = want.get(i);
            if (named) {
                String name = w.get(key).asString();
                JsonNode match = null;
                for (JsonNode h : have) {
                    if (name.equals(h.get(key).asString())) {
                        match = h;
                    }
                }
                compare(path + "[" + name + "]", w, match, out);
            } else {
                compare(path + "[" + i + "]", w, have.get(i), out);
            }
        }
    }

    private static boolean allNamed(JsonNode list, String key) {
        for (JsonNode item : list) {
            if (!item.isObject() || item.get(key) == null || !item.get(key).isString()) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameValue(String path, JsonNode want, JsonNode have) {
        if (want.equals(have)) {
            return true;
        }
        if (want.isString() && have.isString() && (path.contains("resources.") || path.endsWith(".storage") || path.endsWith(".sizeLimit"))) {
            try {
                BigDecimal a = Quantity.getAmountInBytes(new Quantity(want.asString()));
                BigDecimal b = Quantity.getAmountInBytes(new Quantity(have.asString()));
                return a.compareTo(b) == 0;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return want.isNumber() && have.isNumber() && want.decimalValue().compareTo(have.decimalValue()) == 0;
    }

    private static boolean empty(JsonNode n) {
        return (n.isObject() || n.isArray()) && n.isEmpty();
    }

    /** A value for a diff line: scalars as they are, structures shortened. */
    private static String brief(JsonNode n) {
        return brief(n.isString() ? n.asString() : n.toString());
    }

    private static String brief(String text) {
        String s = text.replace("\n", "\\n");
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
