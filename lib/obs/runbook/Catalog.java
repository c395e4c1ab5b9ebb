package obs.runbook;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import obs.core.InputFile;
import obs.core.Json;
import obs.core.ObsException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The obs commands a runbook may name: the aliases of jbang-catalog.json, each with its script's class (the
 * script's file name) and the arguments the alias presets.
 */
public record Catalog(Map<String, Alias> aliases) {
    /** One alias: scripts/CheckServices.java gives the class CheckServices. */
    public record Alias(String name, String scriptClass, List<String> arguments) {
    }

    public static Catalog load(Path root) {
        Path file = root.resolve("jbang-catalog.json");
        try {
            JsonNode tree = Json.mapper().readTree(InputFile.readString(file)).path("aliases");
            Map<String, Alias> aliases = new LinkedHashMap<>();
            for (var e : tree.properties()) {
                String ref = e.getValue().path("script-ref").asString();
                String cls = ref.substring(ref.lastIndexOf('/') + 1).replaceFirst("\\.java$", "");
                List<String> args = new ArrayList<>();
                e.getValue().path("arguments").forEach(a -> args.add(a.asString()));
                aliases.put(e.getKey(), new Alias(e.getKey(), cls, List.copyOf(args)));
            }
            return new Catalog(aliases);
        } catch (IOException e) {
            throw ObsException.usage(file + ": cannot read: " + e.getMessage());
        } catch (JacksonException e) {
            throw ObsException.usage(file + ": invalid catalog: " + e.getOriginalMessage());
        }
    }
}
