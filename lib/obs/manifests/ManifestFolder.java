package obs.manifests;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import obs.core.InputFile;
import obs.core.ObsException;
import obs.yaml.YamlRecords;

/**
 * One folder of manifests/ loaded as data, the way {@code kubectl kustomize} reads it: the objects listed
 * under {@code resources} and the files each {@code configMapGenerator} entry turns into a ConfigMap.
 *
 * @param name       the folder name (a component, or a support folder such as namespace)
 * @param namespace  the namespace kustomize would set
 * @param objects    the objects, in the order the kustomization lists them
 * @param configMaps the ConfigMaps to generate, in order
 */
public record ManifestFolder(String name, String namespace, List<HasMetadata> objects, List<Generated> configMaps) {
    /** fabric8's (non-deprecated) serialization, which knows every built-in kind. */
    private static final io.fabric8.kubernetes.client.utils.KubernetesSerialization KUBERNETES =
            new io.fabric8.kubernetes.client.utils.KubernetesSerialization();

    /**
     * A ConfigMap generated from files.
     *
     * @param files data key (the file's base name) to the file's text
     */
    public record Generated(String name, Map<String, String> labels, Map<String, String> files) {
    }

    static ManifestFolder load(Path dir) {
        Kustomization k = YamlRecords.load(dir.resolve("kustomization.yaml"), Kustomization.class);
        List<HasMetadata> objects = new ArrayList<>();
        for (String resource : k.resources()) {
            Path file = dir.resolve(resource);
            objects.addAll(parse(file, read(file)));
        }
        List<Generated> generated = new ArrayList<>();
        for (Kustomization.ConfigMapGenerator g : k.configMapGenerator()) {
            Map<String, String> files = new LinkedHashMap<>();
            for (String f : g.files()) {
                files.put(Path.of(f).getFileName().toString(), read(dir.resolve(f)));
            }
            generated.add(new Generated(g.name(), k.generatedLabels(), files));
        }
        return new ManifestFolder(dir.getFileName().toString(), k.namespace(), List.copyOf(objects), List.copyOf(generated));
    }

    private static List<HasMetadata> parse(Path file, String text) {
        Object parsed;
        try {
            parsed = KUBERNETES.unmarshal(text);
        } catch (RuntimeException e) {
            throw ObsException.usage(file + ": not a Kubernetes object: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return switch (parsed) {
            case KubernetesList list -> list.getItems();
            case HasMetadata o -> List.of(o);
            case null, default -> throw ObsException.usage(file + ": not a Kubernetes object");
        };
    }

    static String read(Path file) {
        try {
            return InputFile.readString(file);
        } catch (NoSuchFileException e) {
            throw ObsException.usage(file + ": no such file (listed in its kustomization.yaml)");
        } catch (IOException e) {
            throw ObsException.usage(file + ": cannot read: " + e.getMessage());
        }
    }
}
