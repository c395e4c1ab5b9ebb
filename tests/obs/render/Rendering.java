package obs.render;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import obs.manifests.ManifestSet;
import obs.manifests.Rendered;
import obs.manifests.Renderer;
import obs.manifests.Selection;
import obs.values.Profiles;
import obs.values.Values;

/** The render tests' shared access to the checkout's manifests and a one-call render. */
public final class Rendering {
    private static ManifestSet set;

    private Rendering() {
    }

    public static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("manifests/profiles/default.yaml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no manifests/ above the working directory");
    }

    public static synchronized ManifestSet set() {
        if (set == null) {
            set = ManifestSet.load(root().resolve("manifests"));
        }
        return set;
    }

    public static Values values(String profile, String... sets) {
        return set().profiles().resolve(profile, List.of(), List.of(sets), null);
    }

    public static Rendered render(String profile, String... sets) {
        return render(values(profile, sets), null, null);
    }

    public static Rendered render(Values values, String storageClass, String registry) {
        List<String> folders = Selection.folders(set(), values, List.of(), List.of());
        return Renderer.render(set(), values, set().profiles().base(), new Renderer.Options(folders, storageClass, registry));
    }

    @SuppressWarnings("unchecked")
    public static <T extends HasMetadata> T find(Rendered r, Class<T> kind, String name) {
        return (T) r.objects().stream().filter(o -> kind.isInstance(o) && o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name));
    }

    public static String file(Rendered r, String configMap, String key) {
        return find(r, ConfigMap.class, configMap).getData().get(key);
    }

    public static List<String> names(Rendered r) {
        List<String> out = new ArrayList<>();
        r.items().forEach(i -> out.add(i.folder() + ":" + i.object().getKind() + "/" + i.object().getMetadata().getName()));
        return out;
    }
}
