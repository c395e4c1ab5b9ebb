package obs.manifests;

import java.util.List;
import java.util.Map;

/**
 * The part of kustomization.yaml the installer understands. Loading it through YamlRecords rejects any
 * other kustomize feature (patches, images, ...) with file:line, so nothing in a folder is ever silently
 * ignored by the installer while {@code kubectl apply -k} would honour it.
 */
record Kustomization(String apiVersion, String kind, String namespace, List<String> resources,
                     GeneratorOptions generatorOptions, List<ConfigMapGenerator> configMapGenerator) {

    /** Options of generated objects. */
    record GeneratorOptions(Boolean disableNameSuffixHash, Map<String, String> labels) {
    }

    /** A ConfigMap whose keys are the named files' base names. */
    record ConfigMapGenerator(String name, List<String> files) {
    }

    Kustomization {
        resources = resources == null ? List.of() : resources;
        configMapGenerator = configMapGenerator == null ? List.of() : configMapGenerator;
        if (!configMapGenerator.isEmpty()
                && (generatorOptions == null || !Boolean.TRUE.equals(generatorOptions.disableNameSuffixHash()))) {
            throw new IllegalArgumentException("configMapGenerator needs generatorOptions.disableNameSuffixHash: true"
                    + " (workloads mount the generated ConfigMaps by their plain names)");
        }
    }

    Map<String, String> generatedLabels() {
        return generatorOptions == null || generatorOptions.labels() == null ? Map.of() : generatorOptions.labels();
    }
}
