package obs.manifests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import obs.core.ObsException;
import obs.stack.Stack;
import obs.values.Profiles;
import obs.values.Sizes;
import obs.yaml.YamlRecords;

/**
 * Everything under manifests/: the folders in install order (namespace, the registry's components, then the
 * support folders), the sizes and the blackbox module names that profiles are checked against.
 */
public final class ManifestSet {
    /** The folder holding the Namespace: always applied, not a component. */
    public static final String NAMESPACE_FOLDER = "namespace";
    /** Data, never applied. */
    static final String PROFILES_FOLDER = "profiles";
    /** Profile probes name modules of this file (manifests/profiles/README.md). */
    static final String BLACKBOX = "blackbox-exporter";
    static final String BLACKBOX_FILE = "blackbox.yml";

    private final Path dir;
    private final Map<String, ManifestFolder> folders;
    private final Profiles profiles;

    private ManifestSet(Path dir, Map<String, ManifestFolder> folders) {
        this.dir = dir;
        this.folders = folders;
        this.profiles = new Profiles(dir.resolve(PROFILES_FOLDER), toggles(), blackboxModules());
    }

    public static ManifestSet load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw ObsException.usage(dir + ": no manifests folder");
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(p -> Files.isRegularFile(p.resolve("kustomization.yaml")))
                    .map(p -> p.getFileName().toString()).sorted().forEach(names::add);
        } catch (IOException e) {
            throw ObsException.usage(dir + ": cannot list: " + e.getMessage());
        }
        Map<String, ManifestFolder> folders = new LinkedHashMap<>();
        List<String> ordered = new ArrayList<>();
        ordered.add(NAMESPACE_FOLDER);
        Stack.COMPONENTS.forEach(c -> ordered.add(c.name()));
        names.stream().filter(n -> !ordered.contains(n)).forEach(ordered::add);
        for (String name : ordered) {
            if (!names.contains(name)) {
                throw ObsException.usage(dir.resolve(name) + ": missing (no kustomization.yaml)");
            }
            folders.put(name, ManifestFolder.load(dir.resolve(name)));
        }
        return new ManifestSet(dir, folders);
    }

    public Path dir() {
        return dir;
    }

    /** The profiles in this set's profiles folder, checked against its components and blackbox modules. */
    public Profiles profiles() {
        return profiles;
    }

    public Sizes sizes() {
        return profiles.sizes();
    }

    /** Every folder, in install order. */
    public List<ManifestFolder> folders() {
        return List.copyOf(folders.values());
    }

    /** Every folder's name, in install order. */
    public Set<String> folderNames() {
        return new LinkedHashSet<>(folders.keySet());
    }

    public ManifestFolder folder(String name) {
        return folders.get(name);
    }

    /** The folders a profile can switch on and off (components.NAME): all but the namespace. */
    public Set<String> toggles() {
        Set<String> out = new LinkedHashSet<>(folders.keySet());
        out.remove(NAMESPACE_FOLDER);
        return out;
    }

    /** The component of the registry a folder holds, if it holds one. */
    public static boolean isComponent(String folder) {
        return Stack.find(folder).isPresent();
    }

    /** The module names of the deployed blackbox exporter's configuration. */
    public Set<String> blackboxModules() {
        String text = folders.get(BLACKBOX).configMaps().stream().map(g -> g.files().get(BLACKBOX_FILE))
                .filter(t -> t != null).findFirst()
                .orElseThrow(() -> ObsException.usage(dir.resolve(BLACKBOX) + ": no " + BLACKBOX_FILE + " in its ConfigMaps"));
        Object tree = YamlRecords.readTree(dir.resolve(BLACKBOX).resolve(BLACKBOX_FILE).toString(), text);
        Object modules = tree instanceof Map<?, ?> m ? m.get("modules") : null;
        if (!(modules instanceof Map<?, ?> byName)) {
            throw ObsException.usage(dir.resolve(BLACKBOX).resolve(BLACKBOX_FILE) + ": no modules");
        }
        Set<String> out = new LinkedHashSet<>();
        byName.keySet().forEach(k -> out.add((String) k));
        return out;
    }
}
