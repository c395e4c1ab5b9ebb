package obs.manifests;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import obs.kube.Workloads;
import obs.stack.Stack;
import obs.values.Sizes;
import obs.values.Values;

/**
 * Renders an installation: loads each selected folder's objects and generated ConfigMaps, writes the values
 * into configuration files and objects, and stamps the checksums. Pure: no cluster is contacted.
 */
public final class Renderer {
    private static final String DISCOVERY = Stack.get("discovery").name();
    private static final String GRAFANA = Stack.get("grafana").name();

    /**
     * @param folders      what to render, from {@link Selection}
     * @param storageClass the StorageClass for volume claims, or null for the cluster's default
     * @param registry     the image mirror, or null to pull from the original registries
     */
    public record Options(List<String> folders, String storageClass, String registry) {
        public Options {
            registry = registry == null ? null : ImageMirror.check(registry);
        }
    }

    private Renderer() {
    }

    /**
     * @param base the base profile's values, which the shipped configuration files were rendered from
     */
    public static Rendered render(ManifestSet set, Values values, Values base, Options options) {
        ConfigEdits edits = new ConfigEdits(values, base);
        List<Rendered.Item> items = new ArrayList<>();
        Map<String, ConfigMap> configMaps = new HashMap<>();
        for (String name : options.folders()) {
            ManifestFolder folder = set.folder(name);
            for (ManifestFolder.Generated g : folder.configMaps()) {
                ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName(g.name()).withNamespace(folder.namespace())
                        .withLabels(g.labels()).endMetadata().withData(edits.edit(name, g.files())).build();
                items.add(new Rendered.Item(name, cm));
                configMaps.put(g.name(), cm);
            }
            for (HasMetadata o : folder.objects()) {
                HasMetadata copy = Serialization.clone(o);
                items.add(new Rendered.Item(name, copy));
                transform(name, copy, values, base, set.sizes(), options).ifPresent(ingress -> items.add(new Rendered.Item(name, ingress)));
            }
        }
        for (Rendered.Item item : items) {
            Transforms.namespace(item.object(), values.namespace());
            Transforms.labels(item.object());
            Checksums.config(item.object(), configMaps);
            if (options.registry() != null) {
                ImageMirror.apply(item.object(), options.registry());
            }
            Checksums.rendered(item.object());
        }
        return new Rendered(List.copyOf(items));
    }

    /**
     * The draft with its volume claims on the StorageClass the doctor chose: the installer renders once before
     * it knows the cluster (the doctor examines that draft) and adapts it here instead of rendering again.
     * Equal, object for object, to rendering with that StorageClass (RendererTest holds it so).
     */
    public static Rendered withStorageClass(Rendered draft, String storageClass) {
        if (storageClass == null) {
            return draft;
        }
        List<Rendered.Item> items = new ArrayList<>();
        for (Rendered.Item item : draft.items()) {
            if (!componentWorkload(item.folder(), item.object()) || !(item.object() instanceof StatefulSet)) {
                items.add(item);
                continue;
            }
            HasMetadata copy = Serialization.clone(item.object());
            Checksums.forget(copy);
            Transforms.storageClass(copy, storageClass);
            Checksums.rendered(copy);
            items.add(new Rendered.Item(item.folder(), copy));
        }
        return new Rendered(List.copyOf(items));
    }

    private static boolean componentWorkload(String folder, HasMetadata o) {
        return Workloads.isWorkload(o) && ManifestSet.isComponent(folder);
    }

    /** The per-object edits; returns the Ingress that Grafana's exposure asks for, if any. */
    private static Optional<HasMetadata> transform(String folder, HasMetadata o, Values values, Values base, Sizes sizes,
                                                             Options options) {
        if (componentWorkload(folder, o)) {
            Transforms.sizing(o, folder, sizes.sizing(values.size(), folder, values.resources().getOrDefault(folder, Map.of())));
            Transforms.metricsRetention(o, values.retention().metrics());
            Transforms.scheduling(o, values.nodeSelector(), values.tolerations());
            Transforms.redisAddress(o, values.redisAddress());
            if (options.storageClass() != null) {
                Transforms.storageClass(o, options.storageClass());
            }
            if (folder.equals(DISCOVERY)) {
                Transforms.discoveryNamespaces(o, values.discoveryNamespaces());
                Transforms.discoveryTeams(o, values.discoveryTeams(), base.discoveryTeams());
            }
        }
        if (folder.equals(GRAFANA) && o instanceof Service s && s.getMetadata().getName().equals(GRAFANA)) {
            return Transforms.exposure(s, values.grafana()).map(HasMetadata.class::cast);
        }
        return Optional.empty();
    }
}
