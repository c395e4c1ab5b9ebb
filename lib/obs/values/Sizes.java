package obs.values;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import obs.core.InputFile;
import obs.core.ObsException;
import obs.stack.Component;
import obs.stack.Stack;
import obs.values.ValueTree.Leaf;
import obs.values.ValueType.OpenMap;

/** sizes.yaml: resources per size and component, the rows a profile's {@code size} picks. */
public record Sizes(Map<String, Map<String, Map<String, String>>> rows) {
    /** Its name in the profiles folder. */
    public static final String FILE = "sizes.yaml";
    /** The keys every component row must have; storage and retentionSize only where they apply. */
    private static final List<String> REQUIRED = List.of("cpuRequest", "cpuLimit", "memoryRequest", "memoryLimit");

    /** The resources of one workload container, and its volume where it has one. */
    public record Sizing(String cpuRequest, String cpuLimit, String memoryRequest, String memoryLimit, String storage,
                         String retentionSize) {
    }

    public static Sizes load(Path file) {
        String text;
        try {
            text = InputFile.readString(file);
        } catch (IOException e) {
            throw ObsException.usage(file + ": cannot read: " + e.getMessage());
        }
        OpenMap components = new OpenMap(k -> Stack.find(k).isPresent() ? null
                : "unknown component '" + k + "' (known: " + Stack.names() + ")", ValuesSchema.SIZING);
        Map<String, Object> tree = ValueTree.parse(file.toString(), text, new OpenMap(k -> null, components));
        Map<String, Map<String, Map<String, String>>> rows = new LinkedHashMap<>();
        tree.forEach((size, byComponent) -> {
            Map<String, Map<String, String>> sizeRows = new LinkedHashMap<>();
            ((Map<?, ?>) byComponent).forEach((component, keys) -> {
                Map<String, String> row = new LinkedHashMap<>();
                ((Map<?, ?>) keys).forEach((k, v) -> row.put((String) k, (String) ((Leaf) v).value()));
                sizeRows.put((String) component, row);
            });
            for (Component c : Stack.COMPONENTS) {
                Map<String, String> row = sizeRows.get(c.name());
                if (row == null || !row.keySet().containsAll(REQUIRED)) {
                    throw ObsException.usage(file + ": size '" + size + "' needs " + String.join(", ", REQUIRED)
                            + " for component '" + c.name() + "'");
                }
            }
            rows.put(size, sizeRows);
        });
        return new Sizes(rows);
    }

    public List<String> names() {
        return List.copyOf(rows.keySet());
    }

    /** The row for a component in a size, with the profile's per-key overrides on top. */
    public Sizing sizing(String size, String component, Map<String, String> overrides) {
        Map<String, String> row = new LinkedHashMap<>(rows.get(size).get(component));
        row.putAll(overrides);
        return new Sizing(row.get("cpuRequest"), row.get("cpuLimit"), row.get("memoryRequest"), row.get("memoryLimit"),
                row.get("storage"), row.get("retentionSize"));
    }
}
