package obs.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import obs.stack.Component;
import obs.stack.Stack;

/** The metric-name lists of manifests/metrics (format in its README.md): parsed, and checked against the registry. */
final class MetricLists {
    private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\s+(histogram|summary))?\\s*(?:#\\s*(.*))?");
    private static final Pattern VERSION = Pattern.compile("#\\s*version:\\s*(\\S.*?)\\s*");
    private static final Pattern KUBERNETES_VERSION = Pattern.compile("Kubernetes v1\\.\\d+");
    private static final String SANDBOX = "sandbox:";

    /** A metric family of a list: the names it stands for, and whether it counts while the sandbox runs the component. */
    record Entry(Set<String> names, boolean sandboxOnly) {
    }

    record MetricList(Path file, String source, String version, List<Entry> entries) {
        /** The names that count: all of them, or only the sandbox lines when the component runs in the sandbox. */
        Set<String> names(boolean running) {
            Set<String> out = new TreeSet<>();
            entries.stream().filter(e -> !running || e.sandboxOnly()).forEach(e -> out.addAll(e.names()));
            return out;
        }
    }

    private MetricLists() {
    }

    static Path dir() {
        return Manifests.root().resolve(Stack.METRIC_LISTS);
    }

    /** A list file, or an AssertionError naming the file and line of the first problem. */
    static MetricList parse(Path file) {
        String name = file.getFileName().toString();
        String version = null;
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        List<String> lines = Manifests.read(file).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = Manifests.rel(file) + ":" + (i + 1);
            Matcher v = VERSION.matcher(line);
            if (v.matches()) {
                if (version != null) {
                    throw new AssertionError(where + ": a second version line");
                }
                version = v.group(1);
                continue;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError(where + ": not a metric name (optionally followed by histogram or summary): " + line);
            }
            Set<String> names = expand(m.group(1), m.group(2));
            for (String n : names) {
                if (!seen.add(n)) {
                    throw new AssertionError(where + ": " + n + " is listed twice");
                }
            }
            entries.add(new Entry(names, m.group(3) != null && m.group(3).startsWith(SANDBOX)));
        }
        if (version == null) {
            throw new AssertionError(Manifests.rel(file) + ": no '# version: ...' line naming what the list was taken from");
        }
        return new MetricList(file, name.substring(0, name.length() - ".txt".length()), version, entries);
    }

    private static Set<String> expand(String name, String type) {
        Set<String> out = new TreeSet<>();
        if ("histogram".equals(type)) {
            out.addAll(List.of(name + "_bucket", name + "_count", name + "_sum"));
        } else if ("summary".equals(type)) {
            out.addAll(List.of(name, name + "_count", name + "_sum"));
        } else {
            out.add(name);
        }
        return out;
    }

    static List<MetricList> all(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".txt")).sorted().map(MetricLists::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What is wrong with the lists of a folder: a file named after no component or Kubernetes source, a version other
     * than the pinned image, a component with no list that the sandbox cannot run, an unreadable file.
     */
    static List<String> problems(Path dir, Map<String, String> images) {
        List<String> out = new ArrayList<>();
        Map<String, MetricList> lists = new LinkedHashMap<>();
        Set<String> unreadable = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> !p.getFileName().toString().equals("README.md")).sorted().toList()) {
                if (!p.toString().endsWith(".txt")) {
                    out.add(Manifests.rel(p) + ": lists are named <component>.txt");
                    continue;
                }
                try {
                    MetricList l = parse(p);
                    lists.put(l.source(), l);
                } catch (AssertionError e) {
                    unreadable.add(p.getFileName().toString().replaceFirst("\\.txt$", ""));
                    out.add(e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lists.forEach((source, l) -> {
            boolean component = Stack.find(source).isPresent();
            if (!component && !Stack.KUBERNETES_SOURCES.contains(source)) {
                out.add(Manifests.rel(l.file()) + ": no component or Kubernetes source is named " + source + " (components: "
                        + Stack.names() + "; Kubernetes: " + String.join(", ", Stack.KUBERNETES_SOURCES) + ")");
            } else if (component && !l.version().equals(images.get(source))) {
                out.add(Manifests.rel(l.file()) + ": version " + l.version() + " is not the pinned image " + images.get(source));
            } else if (!component && !KUBERNETES_VERSION.matcher(l.version()).matches()) {
                out.add(Manifests.rel(l.file()) + ": version must read 'Kubernetes v1.NN', not " + l.version());
            }
        });
        for (Component c : Stack.COMPONENTS) {
            if (c.local() == null && !lists.containsKey(c.name()) && !unreadable.contains(c.name())) {
                out.add(c.name() + " does not run in the sandbox and has no list " + c.metricList());
            }
        }
        for (String k : Stack.KUBERNETES_SOURCES) {
            if (!lists.containsKey(k)) {
                out.add("Kubernetes source " + k + " has no list " + Stack.metricList(k));
            }
        }
        return out;
    }

    /** Component -> the image of its main container (the one named like it, else the first), as pinned in manifests/. */
    static Map<String, String> pinnedImages() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Manifests.Workload w : Manifests.workloads()) {
            List<Container> cs = w.pod().getContainers();
            Container main = cs.stream().filter(c -> c.getName().equals(w.file().folder())).findFirst().orElse(cs.get(0));
            out.putIfAbsent(w.file().folder(), main.getImage());
        }
        return out;
    }
}
