package obs.backup;

import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import obs.access.StackAccess;

/**
 * The Secrets the stack's workloads use: mounted (directly or projected), read into environment variables, or
 * pulled images with. Most are the user's own and carry no obs label (alertmanager-receivers, the exporters'
 * database credentials), yet a stack restored without them would not send notifications or reach its databases.
 */
final class StackSecrets {
    private StackSecrets() {
    }

    /** The names of the Secrets that obs's Deployments, StatefulSets and DaemonSets in the namespace refer to. */
    static Set<String> referenced(KubernetesClient client, String namespace) {
        var apps = client.apps();
        List<PodTemplateSpec> templates = new ArrayList<>();
        apps.deployments().inNamespace(namespace).withLabelSelector(StackAccess.PART_OF).list().getItems()
                .forEach(d -> templates.add(d.getSpec().getTemplate()));
        apps.statefulSets().inNamespace(namespace).withLabelSelector(StackAccess.PART_OF).list().getItems()
                .forEach(s -> templates.add(s.getSpec().getTemplate()));
        apps.daemonSets().inNamespace(namespace).withLabelSelector(StackAccess.PART_OF).list().getItems()
                .forEach(d -> templates.add(d.getSpec().getTemplate()));
        Set<String> names = new TreeSet<>();
        for (PodTemplateSpec t : templates) {
            if (t != null && t.getSpec() != null) {
                names.addAll(of(t.getSpec()));
            }
        }
        return names;
    }

    /** The Secrets one pod spec refers to. */
    static Set<String> of(PodSpec spec) {
        Set<String> names = new TreeSet<>();
        for (Volume v : nonNull(spec.getVolumes())) {
            if (v.getSecret() != null) {
                add(names, v.getSecret().getSecretName());
            }
            if (v.getProjected() != null) {
                for (VolumeProjection p : nonNull(v.getProjected().getSources())) {
                    if (p.getSecret() != null) {
                        add(names, p.getSecret().getName());
                    }
                }
            }
        }
        Stream.concat(nonNull(spec.getContainers()).stream(), nonNull(spec.getInitContainers()).stream()).forEach(c -> {
            for (EnvVar e : nonNull(c.getEnv())) {
                if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                    add(names, e.getValueFrom().getSecretKeyRef().getName());
                }
            }
            for (EnvFromSource e : nonNull(c.getEnvFrom())) {
                if (e.getSecretRef() != null) {
                    add(names, e.getSecretRef().getName());
                }
            }
        });
        for (LocalObjectReference r : nonNull(spec.getImagePullSecrets())) {
            add(names, r.getName());
        }
        return names;
    }

    private static void add(Set<String> names, String name) {
        if (name != null && !name.isEmpty()) {
            names.add(name);
        }
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
