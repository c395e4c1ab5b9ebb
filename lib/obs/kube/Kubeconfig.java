package obs.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import obs.core.ObsException;
import obs.yaml.YamlNodes;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import tools.jackson.databind.DatabindException;

/**
 * The kubeconfig files obs reads, found as kubectl finds them (--kubeconfig, else every file listed in
 * $KUBECONFIG, else ~/.kube/config) and checked before fabric8 sees them. fabric8 alone reports a YAML error
 * as a multi-line dump without the file name, an empty file as a NullPointerException, and falls back to the
 * current context when --context names one that does not exist; kubectl refuses that, and so does obs.
 */
final class Kubeconfig {
    /** Kubeconfigs are kilobytes (tens with embedded certificates); a file this large is not one. */
    private static final long MAX_BYTES = 16L << 20;
    /** The lists of a kubeconfig and the mapping each of their items carries. */
    private static final Map<String, String> LISTS = Map.of("clusters", "cluster", "contexts", "context", "users", "user");

    private final String where;
    private final Set<String> contexts = new LinkedHashSet<>();
    private final List<io.fabric8.kubernetes.api.model.Config> parsed = new ArrayList<>();
    private String currentContext;

    private Kubeconfig(String where) {
        this.where = where;
    }

    /** The kubeconfig to use, or empty when there is none (obs may then be running in a pod). */
    static Optional<Kubeconfig> find(String option, Map<String, String> env, Path home) {
        if (option != null) {
            Path file = Path.of(option);
            if (!Files.exists(file)) {
                throw ObsException.usage("--kubeconfig " + option + ": no such file");
            }
            if (!Files.isRegularFile(file)) {
                throw ObsException.usage("--kubeconfig " + option + ": not a regular file");
            }
            return Optional.of(read(List.of(file), file.toString()));
        }
        String list = env.get("KUBECONFIG");
        if (list != null && !list.isBlank()) {
            // As kubectl: entries that are missing are skipped, and KUBECONFIG=/dev/null means "no kubeconfig".
            List<Path> files = new ArrayList<>();
            for (String entry : list.split(File.pathSeparator)) {
                if (!entry.isBlank() && Files.isRegularFile(Path.of(entry)) && !files.contains(Path.of(entry))) {
                    files.add(Path.of(entry));
                }
            }
            String where = files.stream().map(Path::toString).collect(Collectors.joining(", ")) + " ($KUBECONFIG)";
            return files.isEmpty() ? Optional.empty() : Optional.of(read(files, where));
        }
        Path file = home.resolve(".kube/config");
        return Files.isRegularFile(file) ? Optional.of(read(List.of(file), file.toString())) : Optional.empty();
    }

    /** fabric8's client configuration for {@code context} (null: the current context), which must exist. */
    Config config(String context) {
        if (context != null && !contexts.contains(context)) {
            throw ObsException.usage("context '" + context + "' is not in " + where + "; contexts: " + contextList());
        }
        if (context == null && currentContext == null) {
            throw ObsException.usage(where + " sets no current-context: pass --context NAME (contexts: " + contextList() + ")");
        }
        if (context == null && !contexts.contains(currentContext)) {
            throw ObsException.usage("the current-context '" + currentContext + "' of " + where + " is not one of its contexts: "
                    + contextList() + " (pass --context NAME)");
        }
        // What fabric8's Config.autoConfigure does with the files it finds itself, here with the files just checked.
        Config config = Config.empty();
        KubeConfigUtils.merge(config, context, parsed.toArray(io.fabric8.kubernetes.api.model.Config[]::new));
        Config.configFromSysPropsOrEnvVars(config);
        return config;
    }

    private String contextList() {
        return contexts.isEmpty() ? "none" : String.join(", ", contexts);
    }

    private static Kubeconfig read(List<Path> files, String where) {
        Kubeconfig kubeconfig = new Kubeconfig(where);
        for (Path file : files) {
            Node root = YamlNodes.compose(file.toString(), text(file));
            if (root != null) {
                kubeconfig.check(file.toString(), root);
                kubeconfig.parsed.add(parse(file));
            }
        }
        if (kubeconfig.parsed.isEmpty()) {
            throw ObsException.usage(where + (files.size() == 1 ? ": the kubeconfig is empty" : ": every kubeconfig file is empty"));
        }
        return kubeconfig;
    }

    private static String text(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw ObsException.usage(file + ": larger than " + (MAX_BYTES >> 20) + " MiB, so not a kubeconfig");
            }
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (AccessDeniedException e) {
            throw ObsException.usage(file + ": cannot read: permission denied");
        } catch (IOException e) {
            throw ObsException.usage(file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * The shape fabric8 needs, with positions: its own parser reports a wrong type without file or line.
     * The first file that names a context or sets current-context wins, as kubectl merges them.
     */
    private void check(String source, Node root) {
        for (NodeTuple entry : YamlNodes.entries(source, root)) {
            String key = YamlNodes.key(entry);
            Node value = entry.getValueNode();
            if (YamlNodes.isNull(value)) {
                continue;
            }
            if (LISTS.containsKey(key)) {
                if (!(value instanceof SequenceNode list)) {
                    throw YamlNodes.error(source, value, "'" + key + "' must be a list, found a " + YamlNodes.kind(value));
                }
                for (Node item : list.getValue()) {
                    checkItem(source, key, item);
                }
            } else if (key.equals("current-context")) {
                String current = scalar(source, key, value);
                if (currentContext == null && !current.isEmpty()) {
                    currentContext = current;
                }
            }
        }
    }

    private void checkItem(String source, String list, Node item) {
        for (NodeTuple field : YamlNodes.entries(source, item)) {
            String key = YamlNodes.key(field);
            Node value = field.getValueNode();
            if (key.equals("name")) {
                String name = scalar(source, key, value);
                if (list.equals("contexts")) {
                    contexts.add(name);
                }
            } else if (key.equals(LISTS.get(list)) && !YamlNodes.isNull(value) && !(value instanceof MappingNode)) {
                throw YamlNodes.error(source, value, "'" + key + "' must be a mapping, found a " + YamlNodes.kind(value));
            }
        }
    }

    private static String scalar(String source, String key, Node value) {
        if (!(value instanceof ScalarNode s)) {
            throw YamlNodes.error(source, value, "'" + key + "' must be a single value, found a " + YamlNodes.kind(value));
        }
        return s.getValue();
    }

    /** fabric8's reading of a file that passed {@link #check}; what it still rejects is named by its path in the file. */
    private static io.fabric8.kubernetes.api.model.Config parse(Path file) {
        try {
            return KubeConfigUtils.parseConfig(file.toFile());
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof DatabindException d && !d.getPath().isEmpty()) {
                    throw ObsException.usage(file + ": '" + path(d) + "' has the wrong type for a kubeconfig", e);
                }
            }
            throw ObsException.usage(file + ": not a kubeconfig fabric8 can read (kubectl config view --kubeconfig " + file
                    + " shows what kubectl makes of it)", e);
        }
    }

    private static String path(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
