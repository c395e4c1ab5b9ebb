package obs.manifests;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import obs.kube.Workloads;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/** The objects of an installation as rendered, in install order, each with the folder it came from. */
public record Rendered(List<Item> items) {
    /**
     * fabric8's YAML mapper, writing the way kubectl prints: quotes only where YAML needs them and configuration
     * files as literal blocks, so a rendered ConfigMap reads like the file it came from.
     */
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES, YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS, YAMLWriteFeature.LITERAL_BLOCK_STYLE)
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER).build();

    /** One object and its manifests folder. */
    public record Item(String folder, HasMetadata object) {
    }

    public List<HasMetadata> objects() {
        return items.stream().map(Item::object).toList();
    }

    public List<Item> workloads() {
        return items.stream().filter(i -> Workloads.isWorkload(i.object())).toList();
    }

    /** Every image the installation pulls, once each, sorted: the list to mirror. */
    public List<String> images() {
        TreeSet<String> images = new TreeSet<>();
        items.forEach(i -> images.addAll(ImageMirror.images(i.object())));
        return List.copyOf(images);
    }

    /** All objects as one multi-document YAML stream. */
    public String yaml() {
        StringBuilder sb = new StringBuilder();
        items.forEach(i -> sb.append(document(i)));
        return sb.toString();
    }

    /** All objects as a v1 List, the JSON form kubectl reads. */
    public String json() {
        return Serialization.asJson(new KubernetesListBuilder().withItems(objects()).build());
    }

    /**
     * Writes one file per folder, numbered in install order ({@code 00-namespace.yaml}, {@code 01-prometheus.yaml},
     * ...) so that {@code kubectl apply -f DIR} applies them in the same order, as the only files of DIR (see
     * {@link RenderFolder}). Returns the files written.
     */
    public List<Path> write(Path dir) {
        Map<String, StringBuilder> byFolder = new LinkedHashMap<>();
        items.forEach(i -> byFolder.computeIfAbsent(i.folder(), f -> new StringBuilder()).append(document(i)));
        Map<String, String> files = new LinkedHashMap<>();
        int n = 0;
        for (var e : byFolder.entrySet()) {
            files.put(String.format(java.util.Locale.ROOT, "%02d-%s.yaml", n++, e.getKey()), e.getValue().toString());
        }
        return RenderFolder.write(dir, files);
    }

    private static String document(Item i) {
        return "---\n# Source: manifests/" + i.folder() + "\n" + YAML.writeValueAsString(i.object());
    }
}
