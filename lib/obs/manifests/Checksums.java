package obs.manifests;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import obs.kube.Workloads;

/**
 * The two annotations the installer stamps: a checksum of the ConfigMaps a pod template uses, so a changed
 * configuration rolls the workload, and a hash of the whole rendered object, so a re-run can tell "as
 * rendered last time" from "changed" without asking the server which fields obs owns.
 */
public final class Checksums {
    /** On pod templates: the checksum of the rendered ConfigMaps the pods mount or read. */
    public static final String CONFIG = "obs/config-checksum";
    /** On every object: the hash of the object as rendered, before this annotation was added. */
    public static final String RENDERED = "obs/rendered-hash";

    private Checksums() {
    }

    static void config(HasMetadata workload, Map<String, ConfigMap> configMaps) {
        Workloads.template(workload).ifPresent(t -> {
            Map<String, Object> used = new TreeMap<>();
            configMapNames(t.getSpec()).stream().filter(configMaps::containsKey)
                    .forEach(n -> used.put(n, new TreeMap<>(configMaps.get(n).getData())));
            if (!used.isEmpty()) {
                annotate(t.getMetadata(), CONFIG, sha256(Serialization.asJson(used)));
            }
        });
    }

    /** Stamps {@link #RENDERED}; public for the objects the installer adds to a render (its install record). */
    public static void rendered(HasMetadata o) {
        annotate(o.getMetadata(), RENDERED, sha256(Serialization.asJson(o)));
    }

    /** Removes the rendered hash, so an object edited after rendering can be hashed again as a fresh render would. */
    static void forget(HasMetadata o) {
        Map<String, String> annotations = new LinkedHashMap<>(o.getMetadata().getAnnotations());
        annotations.remove(RENDERED);
        o.getMetadata().setAnnotations(annotations.isEmpty() ? null : annotations);
    }

    private static Set<String> configMapNames(PodSpec pod) {
        Set<String> names = new TreeSet<>();
        for (Volume v : pod.getVolumes()) {
            if (v.getConfigMap() != null) {
                names.add(v.getConfigMap().getName());
            }
            if (v.getProjected() != null) {
                v.getProjected().getSources().stream().filter(s -> s.getConfigMap() != null)
                        .forEach(s -> names.add(s.getConfigMap().getName()));
            }
        }
        Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).forEach(c -> {
            c.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null)
                    .forEach(e -> names.add(e.getValueFrom().getConfigMapKeyRef().getName()));
            c.getEnvFrom().stream().map(EnvFromSource::getConfigMapRef).filter(r -> r != null).forEach(r -> names.add(r.getName()));
        });
        return names;
    }

    private static void annotate(ObjectMeta meta, String key, String value) {
        Map<String, String> annotations = meta.getAnnotations() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getAnnotations());
        annotations.put(key, value);
        meta.setAnnotations(annotations);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
