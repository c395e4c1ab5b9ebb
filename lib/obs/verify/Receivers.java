package obs.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Alertmanager's receivers and their integrations (email, slack, webhook ...), from the configuration it reports. */
final class Receivers {
    private final Map<String, List<String>> integrations;

    private Receivers(Map<String, List<String>> integrations) {
        this.integrations = integrations;
    }

    /**
     * Reads the YAML of {@code /api/v2/status}'s {@code config.original}.
     *
     * @throws IllegalArgumentException when it is not an Alertmanager configuration
     */
    static Receivers parse(String yaml) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof Map<?, ?> map) || !(map.get("receivers") instanceof List<?> list)) {
            throw new IllegalArgumentException("no receivers list");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Object r : list) {
            if (r instanceof Map<?, ?> receiver && receiver.get("name") instanceof String name) {
                List<String> kinds = new ArrayList<>();
                receiver.forEach((k, v) -> {
                    if (k instanceof String key && key.endsWith("_configs") && v instanceof List<?> l && !l.isEmpty()) {
                        kinds.add(key.substring(0, key.length() - "_configs".length()));
                    }
                });
                out.put(name, kinds);
            }
        }
        return new Receivers(out);
    }

    /** The integration kinds of a receiver (webhook, email ...); empty when it has none or is unknown. */
    List<String> integrations(String receiver) {
        return integrations.getOrDefault(receiver, List.of());
    }

    boolean anyIntegration() {
        return integrations.values().stream().anyMatch(l -> !l.isEmpty());
    }
}
