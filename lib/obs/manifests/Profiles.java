package obs.manifests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import obs.cli.ObsException;
import obs.manifests.ValueTree.Leaf;
import obs.manifests.ValueType.Fields;
import obs.yaml.Durations;

/**
 * Resolves an installation's values in the documented order: default.yaml, the chosen profile, each values
 * file, each --set, and last the namespace given on the command line. Later wins; maps merge key by key.
 */
public final class Profiles {
    /** The base profile: it holds every key. */
    public static final String BASE = "default";

    private Profiles() {
    }

    /**
     * @param namespace the namespace from the command line, or null to keep the profile's
     */
    public static Values resolve(ManifestSet set, String profile, List<Path> valuesFiles, List<String> sets, String namespace) {
        Fields schema = ValuesSchema.values(set.toggles(), set.blackboxModules());
        Map<String, Object> tree = base(set, schema);
        if (!profile.equals(BASE)) {
            ValueTree.merge(tree, parse(profileFile(set, profile), schema));
        }
        valuesFiles.forEach(f -> ValueTree.merge(tree, parse(f, schema)));
        sets.forEach(s -> ValueTree.merge(tree, ValueTree.set(s, schema)));
        if (namespace != null) {
            ValueTree.set("namespace=" + namespace, schema);
            tree.put("namespace", new Leaf(namespace, "the NAMESPACE argument"));
        }
        Values values = Values.of(tree);
        check(set, values);
        return values;
    }

    /** default.yaml alone: what the manifests as shipped were rendered from. */
    public static Values base(ManifestSet set) {
        return Values.of(base(set, ValuesSchema.values(set.toggles(), set.blackboxModules())));
    }

    /** Whether {@code dotted} names a key or section of the values schema, e.g. {@code storage.preferredClass}. */
    public static boolean isKey(ManifestSet set, String dotted) {
        ValueType type = ValuesSchema.values(set.toggles(), set.blackboxModules());
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
    public static List<String> names(ManifestSet set) {
        try (Stream<Path> files = Files.list(set.profiles())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.equals("sizes.yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList();
        } catch (IOException e) {
            throw ObsException.usage(set.profiles() + ": cannot list: " + e.getMessage());
        }
    }

    private static Map<String, Object> base(ManifestSet set, Fields schema) {
        Path file = set.profiles().resolve(BASE + ".yaml");
        Map<String, Object> tree = parse(file, schema);
        ValueTree.requireComplete(file.toString(), tree, schema, "");
        return tree;
    }

    private static Path profileFile(ManifestSet set, String profile) {
        Path file = set.profiles().resolve(profile + ".yaml");
        if (profile.contains("/") || profile.equals("sizes") || !Files.isRegularFile(file)) {
            throw ObsException.usage("unknown profile '" + profile + "' (profiles: " + String.join(", ", names(set)) + ")");
        }
        return file;
    }

    private static Map<String, Object> parse(Path file, Fields schema) {
        try {
            return ValueTree.parse(file.toString(), obs.cli.InputFile.readString(file), schema);
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
    private static void check(ManifestSet set, Values v) {
        Sizes sizes = set.sizes();
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
