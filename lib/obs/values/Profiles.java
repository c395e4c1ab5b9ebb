package obs.values;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import obs.core.Durations;
import obs.core.InputFile;
import obs.core.ObsException;
import obs.values.ValueTree.Leaf;
import obs.values.ValueType.Fields;

/**
 * Resolves an installation's values in the documented order: default.yaml, the chosen profile, each values
 * file, each --set, and last the namespace given on the command line. Later wins; maps merge key by key.
 * It knows the profiles folder, the schema and the sizes, not the manifests they come from.
 */
public final class Profiles {
    /** The base profile: it holds every key. */
    public static final String BASE = "default";
    /** What a secret-like value reads as in {@link #redactedYaml}. */
    public static final String REDACTED = ValuesYaml.REDACTED;

    private final Path folder;
    private final Fields schema;
    private final Sizes sizes;

    /**
     * @param folder          the profiles folder (default.yaml, one file per profile, sizes.yaml)
     * @param toggles         the component folders a profile can switch on and off
     * @param blackboxModules the module names profile probes may name
     */
    public Profiles(Path folder, Set<String> toggles, Set<String> blackboxModules) {
        this.folder = folder;
        this.schema = ValuesSchema.values(toggles, blackboxModules);
        this.sizes = Sizes.load(folder.resolve(Sizes.FILE));
    }

    public Sizes sizes() {
        return sizes;
    }

    /**
     * @param namespace the namespace from the command line, or null to keep the profile's
     */
    public Values resolve(String profile, List<Path> valuesFiles, List<String> sets, String namespace) {
        Map<String, Object> tree = baseTree();
        if (!profile.equals(BASE)) {
            ValueTree.merge(tree, parse(profileFile(profile), schema));
        }
        valuesFiles.forEach(f -> ValueTree.merge(tree, parse(f, schema)));
        sets.forEach(s -> ValueTree.merge(tree, ValueTree.set(s, schema)));
        if (namespace != null) {
            ValueTree.set("namespace=" + namespace, schema);
            tree.put("namespace", new Leaf(namespace, "the NAMESPACE argument"));
        }
        Values values = Values.of(tree);
        check(values);
        return values;
    }

    /** default.yaml alone: what the manifests as shipped were rendered from. */
    public Values base() {
        return Values.of(baseTree());
    }

    /**
     * The resolved values as a values file, every value the schema marks secret (a webhook URL, the SMTP user, the
     * redis URL) replaced by {@value ValuesYaml#REDACTED}: what may be read outside a Secret.
     */
    public String redactedYaml(Values values) {
        return ValuesYaml.write(values.tree(), schema, true);
    }

    /**
     * What the user gave on top of the profile, unredacted, as one values file: the values files and --set in order,
     * and the namespace argument. {@code install --profile P -f THIS} resolves to the same values again.
     *
     * @param namespace the namespace from the command line, or null
     */
    public String givenYaml(List<Path> valuesFiles, List<String> sets, String namespace) {
        Map<String, Object> tree = new java.util.LinkedHashMap<>();
        valuesFiles.forEach(f -> ValueTree.merge(tree, parse(f, schema)));
        sets.forEach(s -> ValueTree.merge(tree, ValueTree.set(s, schema)));
        if (namespace != null) {
            tree.put("namespace", new Leaf(namespace, "the NAMESPACE argument"));
        }
        return ValuesYaml.write(tree, schema, false);
    }

    /** The dotted keys whose values {@link #redactedYaml} redacts. */
    public List<String> secretKeys() {
        return ValuesYaml.secretKeys(schema, "");
    }

    /** Whether {@code dotted} names a key or section of the values schema, e.g. {@code storage.preferredClass}. */
    public boolean isKey(String dotted) {
        ValueType type = schema;
        for (String key : dotted.split("\\.", -1)) {
            type = switch (type) {
                case Fields f -> f.fields().get(key);
                case ValueType.OpenMap m -> m.keyProblem().apply(key) == null ? m.values() : null;
                default -> null;
            };
            if (type == null) {
                return false;
            }
        }
        return true;
    }

    /** The profile names, from the files in manifests/profiles. */
    public List<String> names() {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.equals(Sizes.FILE))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList();
        } catch (IOException e) {
            throw ObsException.usage(folder + ": cannot list: " + e.getMessage());
        }
    }

    private Map<String, Object> baseTree() {
        Path file = folder.resolve(BASE + ".yaml");
        Map<String, Object> tree = parse(file, schema);
        ValueTree.requireComplete(file.toString(), tree, schema, "");
        return tree;
    }

    private Path profileFile(String profile) {
        Path file = folder.resolve(profile + ".yaml");
        if (profile.contains("/") || profile.equals("sizes") || !Files.isRegularFile(file)) {
            throw ObsException.usage("unknown profile '" + profile + "' (profiles: " + String.join(", ", names()) + ")");
        }
        return file;
    }

    private static Map<String, Object> parse(Path file, Fields schema) {
        try {
            return ValueTree.parse(file.toString(), InputFile.readString(file), schema);
        } catch (NoSuchFileException e) {
            throw ObsException.usage(file + ": no such values file");
        } catch (IOException e) {
            throw ObsException.usage(file + ": cannot read: " + e.getMessage());
        }
    }

    private static void wholeHours(Values v, String key, String retention, int hours, String unit) {
        Duration d = Durations.parse(retention);
        if (d.isZero() || d.toMinutes() % (60L * hours) != 0) {
            throw ObsException.usage(v.origin(key) + ": " + key + " must be a whole number of " + unit + ", found " + retention);
        }
    }

    /** Checks that need the merged result or the manifests: sizes and keys that only some values allow. */
    private void check(Values v) {
        if (!sizes.names().contains(v.size())) {
            throw ObsException.usage(v.origin("size") + ": unknown size '" + v.size() + "' (sizes.yaml has: "
                    + String.join(", ", sizes.names()) + ")");
        }
        v.resources().forEach((component, keys) -> {
            Map<String, String> row = sizes.rows().get(v.size()).get(component);
            keys.keySet().stream().filter(k -> !row.containsKey(k)).findFirst().ifPresent(k -> {
                throw ObsException.usage(v.origin("resources." + component + "." + k) + ": " + component + " has no " + k
                        + " (only " + String.join(", ", row.keySet()) + ")");
            });
        });
        wholeHours(v, "retention.logs", v.retention().logs(), 24, "days (Loki deletes by daily index)");
        wholeHours(v, "retention.traces", v.retention().traces(), 1, "hours (Tempo's unit)");
        Values.Exposure g = v.grafana();
        if (g.type().equals("Ingress") && g.host().isEmpty()) {
            throw ObsException.usage(v.origin("exposure.grafana.type") + ": exposure.grafana.host is required with type Ingress");
        }
        if (g.nodePort() != 0 && !g.type().equals("NodePort")) {
            throw ObsException.usage(v.origin("exposure.grafana.nodePort") + ": nodePort applies only to type NodePort (type is "
                    + g.type() + ")");
        }
        Values.Alerting a = v.alerting();
        if (!a.emailTo().isEmpty() && (a.smtpSmarthost().isEmpty() || a.emailFrom().isEmpty())) {
            throw ObsException.usage(v.origin("alerting.emailTo") + ": e-mail alerts also need alerting.smtpSmarthost and alerting.emailFrom");
        }
    }
}
