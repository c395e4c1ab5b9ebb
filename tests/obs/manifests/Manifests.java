package obs.manifests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Shared access to manifests/ for the manifest tests: files, YAML, kustomizations, external tools. */
final class Manifests {

    static final String NAMESPACE = "kube-observability-stack";

    /** Workload components and their tier, as in the component registry. */
    static final Map<String, String> TIERS = Map.ofEntries(
            Map.entry("prometheus", "core"),
            Map.entry("alertmanager", "core"),
            Map.entry("grafana", "core"),
            Map.entry("loki", "core"),
            Map.entry("alloy", "core"),
            Map.entry("tempo", "enhanced"),
            Map.entry("node-exporter", "infrastructure"),
            Map.entry("kube-state-metrics", "infrastructure"),
            Map.entry("pushgateway", "infrastructure"),
            Map.entry("blackbox-exporter", "network"),
            Map.entry("smokeping", "network"),
            Map.entry("mtr-analyzer", "network"),
            Map.entry("discovery", "intelligence"),
            Map.entry("mariadb-exporter", "database"),
            Map.entry("redis-exporter", "database"));

    /** Folders that hold objects but no long-running workload (backup: a CronJob, optional). */
    static final Set<String> SUPPORT_FOLDERS = Set.of("namespace", "network-policies", "backup");

    static final List<String> LABEL_KEYS = List.of(
            "app.kubernetes.io/name", "app.kubernetes.io/component", "app.kubernetes.io/part-of",
            "app.kubernetes.io/version", "app.kubernetes.io/managed-by");

    private Manifests() {
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("manifests/profiles/default.yaml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no manifests/profiles/default.yaml above " + dir);
    }

    static Path dir() {
        return root().resolve("manifests");
    }

    static Path folder(String name) {
        return dir().resolve(name);
    }

    /** Every folder of manifests/ that kustomize can build, sorted. */
    static List<String> kustomizeFolders() {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(p -> Files.isRegularFile(p.resolve("kustomization.yaml")))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(8 * 1024 * 1024);
        return new Yaml(new SafeConstructor(options));
    }

    static List<Object> loadAll(String text) {
        List<Object> docs = new ArrayList<>();
        for (Object o : yaml().loadAll(text)) {
            if (o != null) {
                docs.add(o);
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> loadMap(Path p) {
        Object o = yaml().load(read(p));
        if (!(o instanceof Map)) {
            throw new AssertionError(rel(p) + ": expected a YAML mapping");
        }
        return (Map<String, Object>) o;
    }

    static String rel(Path p) {
        return root().relativize(p.toAbsolutePath()).toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String what) {
        if (!(o instanceof Map)) {
            throw new AssertionError(what + ": expected a mapping, got " + o);
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o, String what) {
        if (!(o instanceof List)) {
            throw new AssertionError(what + ": expected a list, got " + o);
        }
        return (List<Object>) o;
    }

    /** Follows a dotted path of map keys; null if any step is missing. */
    static Object at(Object node, String path) {
        Object cur = node;
        for (String key : path.split("\\.")) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(key);
        }
        return cur;
    }

    // ------------------------------------------------------------------ kustomizations

    static Map<String, Object> kustomization(String folder) {
        return loadMap(folder(folder).resolve("kustomization.yaml"));
    }

    static List<String> resources(String folder) {
        Object r = kustomization(folder).get("resources");
        return r == null ? List.of() : list(r, folder + " resources").stream().map(String::valueOf).toList();
    }

    /** ConfigMap name -> files it is generated from, relative to the folder. */
    static Map<String, List<String>> generatedConfigMaps(String folder) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Object gens = kustomization(folder).get("configMapGenerator");
        if (gens == null) {
            return out;
        }
        for (Object g : list(gens, folder + " configMapGenerator")) {
            Map<String, Object> gen = map(g, folder + " configMapGenerator entry");
            Object files = gen.get("files");
            out.put(String.valueOf(gen.get("name")),
                    files == null ? List.of() : list(files, "files").stream().map(String::valueOf).toList());
        }
        return out;
    }

    /** Every file below the folder, relative to it, except the kustomization and READMEs. */
    static Set<String> filesIn(String folder) {
        Path base = folder(folder);
        try (Stream<Path> s = Files.walk(base)) {
            Set<String> out = new TreeSet<>();
            s.filter(Files::isRegularFile).forEach(p -> {
                String name = p.getFileName().toString();
                if (!name.equals("kustomization.yaml") && !name.equals("README.md")) {
                    out.add(base.relativize(p).toString());
                }
            });
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ Kubernetes objects

    /** An object file of manifests/, parsed both as YAML and into fabric8's model. */
    record ObjectFile(String folder, Path path, String text, Map<String, Object> raw, HasMetadata object) {
        String where() {
            return rel(path);
        }
    }

    private static List<ObjectFile> objectFiles;

    /** Every object file of every folder, parsed once per test run. */
    static synchronized List<ObjectFile> objectFiles() {
        if (objectFiles == null) {
            objectFiles = List.copyOf(loadObjectFiles());
        }
        return objectFiles;
    }

    private static List<ObjectFile> loadObjectFiles() {
        List<ObjectFile> out = new ArrayList<>();
        for (String folder : kustomizeFolders()) {
            for (String res : resources(folder)) {
                out.add(objectFile(folder, folder(folder).resolve(res)));
            }
        }
        return out;
    }

    static ObjectFile objectFile(String folder, Path p) {
        String text = read(p);
        List<Object> docs = loadAll(text);
        if (docs.size() != 1) {
            throw new AssertionError(rel(p) + ": expected exactly one object, found " + docs.size());
        }
        HasMetadata obj = Serialization.unmarshal(text);
        return new ObjectFile(folder, p, text, map(docs.get(0), rel(p)), obj);
    }

    /** A workload and its pod template, for the container rules. */
    record Workload(ObjectFile file, String kind, String name, PodSpec pod) {
        String where() {
            return file.where() + " (" + kind + " " + name + ")";
        }
    }

    static List<Workload> workloads() {
        List<Workload> out = new ArrayList<>();
        for (ObjectFile f : objectFiles()) {
            HasMetadata o = f.object();
            if (o instanceof Deployment d) {
                out.add(new Workload(f, "Deployment", d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
            } else if (o instanceof StatefulSet s) {
                out.add(new Workload(f, "StatefulSet", s.getMetadata().getName(), s.getSpec().getTemplate().getSpec()));
            } else if (o instanceof DaemonSet d) {
                out.add(new Workload(f, "DaemonSet", d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ profiles

    static Map<String, Object> defaultProfile() {
        return loadMap(folder("profiles").resolve("default.yaml"));
    }

    static Map<String, Object> profile(String name) {
        return loadMap(folder("profiles").resolve(name + ".yaml"));
    }

    static Map<String, Object> sizes() {
        return loadMap(folder("profiles").resolve("sizes.yaml"));
    }

    // ------------------------------------------------------------------ external tools

    record Result(int exit, String output) {
    }

    static Optional<Path> which(String binary) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs a command with stdout and stderr merged; fails the test when it outlives the timeout. */
    static Result run(Path workDir, long timeoutSeconds, String... command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process p = pb.start();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            Thread reader = Thread.ofVirtual().start(() -> {
                try (InputStream in = p.getInputStream()) {
                    in.transferTo(buf);
                } catch (IOException ignored) {
                    // the process was killed; what was read so far is reported
                }
            });
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                reader.join(1000);
                throw new AssertionError(String.join(" ", command) + ": no answer within " + timeoutSeconds
                        + " s\n" + buf.toString(StandardCharsets.UTF_8));
            }
            reader.join(5000);
            return new Result(p.exitValue(), buf.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
