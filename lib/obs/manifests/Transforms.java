package obs.manifests;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import obs.core.ObsException;
import obs.kube.Workloads;
import obs.values.Sizes;
import obs.values.Values;

/** Edits to the loaded objects, one method per row of the "Where each value lands" table. */
final class Transforms {
    /** The labels uninstall selects by; the installer guarantees them whatever a manifest says. */
    static final Map<String, String> OWNED = Map.of("app.kubernetes.io/part-of", "obs", "app.kubernetes.io/managed-by", "obs");
    /** The volume claim template that sizes.yaml's storage and the storage class apply to. */
    private static final String DATA_CLAIM = "data";
    private static final String RETENTION_TIME = "--storage.tsdb.retention.time=";
    private static final String RETENTION_SIZE = "--storage.tsdb.retention.size=";
    private static final String DISCOVERY_CONFIGMAP = "--configmap=";
    private static final String REDIS_ADDR = "REDIS_ADDR";

    private Transforms() {
    }

    static void namespace(HasMetadata o, String namespace) {
        if (o instanceof Namespace) {
            o.getMetadata().setName(namespace);
        } else if (o instanceof Namespaced) {
            o.getMetadata().setNamespace(namespace);
        }
        List<Subject> subjects = switch (o) {
            case ClusterRoleBinding b -> b.getSubjects();
            case RoleBinding b -> b.getSubjects();
            default -> List.of();
        };
        subjects.stream().filter(s -> "ServiceAccount".equals(s.getKind())).forEach(s -> s.setNamespace(namespace));
    }

    static void labels(HasMetadata o) {
        own(o.getMetadata());
        Workloads.template(o).ifPresent(t -> own(t.getMetadata()));
        claims(o).forEach(c -> own(c.getMetadata()));
    }

    private static void own(ObjectMeta meta) {
        if (meta != null) {
            Map<String, String> labels = meta.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getLabels());
            OWNED.forEach(labels::putIfAbsent);
            meta.setLabels(labels);
        }
    }

    /** Requests and limits of the container named after the component, its volume size and Prometheus' size cap. */
    static void sizing(HasMetadata o, String component, Sizes.Sizing s) {
        Container c = container(o, component);
        c.setResources(new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(s.cpuRequest())).addToRequests("memory", new Quantity(s.memoryRequest()))
                .addToLimits("cpu", new Quantity(s.cpuLimit())).addToLimits("memory", new Quantity(s.memoryLimit())).build());
        if (s.storage() != null) {
            dataClaim(o).getSpec().getResources().getRequests().put("storage", new Quantity(s.storage()));
        }
        if (s.retentionSize() != null) {
            replaceArg(o, c, RETENTION_SIZE, s.retentionSize());
        }
    }

    static void metricsRetention(HasMetadata o, String retention) {
        Workloads.template(o).ifPresent(t -> t.getSpec().getContainers().stream()
                .filter(c -> c.getArgs().stream().anyMatch(a -> a.startsWith(RETENTION_TIME)))
                .forEach(c -> replaceArg(o, c, RETENTION_TIME, retention)));
    }

    static void storageClass(HasMetadata o, String storageClass) {
        if (o instanceof StatefulSet) {
            dataClaim(o).getSpec().setStorageClassName(storageClass);
        }
    }

    /** Node selector and tolerations for Deployments and StatefulSets; DaemonSets belong on every node. */
    static void scheduling(HasMetadata o, Map<String, String> nodeSelector, List<Toleration> tolerations) {
        if (!(o instanceof Deployment) && !(o instanceof StatefulSet) || nodeSelector.isEmpty() && tolerations.isEmpty()) {
            return;
        }
        PodSpec pod = Workloads.template(o).orElseThrow().getSpec();
        Map<String, String> selector = pod.getNodeSelector() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(pod.getNodeSelector());
        selector.putAll(nodeSelector);
        pod.setNodeSelector(selector);
        List<Toleration> all = new ArrayList<>(pod.getTolerations());
        tolerations.stream().filter(t -> !all.contains(t)).forEach(all::add);
        pod.setTolerations(all);
    }

    /** The namespaces the discovery deployment watches: its arguments after --configmap=. */
    static void discoveryNamespaces(HasMetadata o, List<String> namespaces) {
        Workloads.template(o).ifPresent(t -> t.getSpec().getContainers().forEach(c -> {
            List<String> args = c.getArgs();
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i).startsWith(DISCOVERY_CONFIGMAP)) {
                    List<String> updated = new ArrayList<>(args.subList(0, i + 1));
                    updated.addAll(namespaces);
                    c.setArgs(updated);
                    return;
                }
            }
        }));
    }

    /**
     * The team patterns that differ from default.yaml's, as --set arguments before --configmap=: the controller
     * resolves the image's default profile, so only the differences need to travel.
     */
    static void discoveryTeams(HasMetadata o, List<Values.DiscoveryTeam> teams, List<Values.DiscoveryTeam> base) {
        List<String> sets = new ArrayList<>();
        for (Values.DiscoveryTeam t : teams) {
            Values.DiscoveryTeam b = base.stream().filter(x -> x.name().equals(t.name())).findFirst()
                    .orElse(new Values.DiscoveryTeam(t.name(), "", "", Map.of(), ""));
            String prefix = "--set=discovery.teams." + t.name() + ".";
            if (!t.namespaces().equals(b.namespaces())) {
                sets.add(prefix + "namespaces=" + t.namespaces());
            }
            if (!t.services().equals(b.services())) {
                sets.add(prefix + "services=" + t.services());
            }
            t.labels().forEach((k, v) -> {
                if (!v.equals(b.labels().get(k))) {
                    sets.add(prefix + "labels" + (k.contains(".") || k.contains("/") ? "[" + k + "]" : "." + k) + "=" + v);
                }
            });
        }
        Workloads.template(o).ifPresent(t -> t.getSpec().getContainers().forEach(c -> {
            List<String> args = new ArrayList<>(c.getArgs());
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i).startsWith(DISCOVERY_CONFIGMAP)) {
                    args.addAll(i, sets);
                    c.setArgs(args);
                    return;
                }
            }
        }));
    }

    static void redisAddress(HasMetadata o, String address) {
        Workloads.template(o).ifPresent(t -> t.getSpec().getContainers().forEach(c -> {
            for (EnvVar e : c.getEnv()) {
                if (REDIS_ADDR.equals(e.getName())) {
                    e.setValue(address);
                }
            }
        }));
    }

    /** Grafana's Service type (and node port); with type Ingress an Ingress in front of the ClusterIP Service. */
    static Optional<Ingress> exposure(Service grafana, Values.Exposure exposure) {
        grafana.getSpec().setType(exposure.type().equals("NodePort") ? "NodePort" : "ClusterIP");
        if (exposure.type().equals("NodePort") && exposure.nodePort() != 0) {
            grafana.getSpec().getPorts().get(0).setNodePort(exposure.nodePort());
        }
        if (!exposure.type().equals("Ingress")) {
            return Optional.empty();
        }
        ObjectMeta meta = grafana.getMetadata();
        return Optional.of(new IngressBuilder().withNewMetadata().withName(meta.getName()).withNamespace(meta.getNamespace())
                .withLabels(meta.getLabels()).endMetadata()
                .withNewSpec().withIngressClassName(exposure.ingressClassName().isEmpty() ? null : exposure.ingressClassName())
                .addNewRule().withHost(exposure.host()).withNewHttp().addNewPath().withPath("/").withPathType("Prefix")
                .withNewBackend().withNewService().withName(meta.getName()).withNewPort()
                .withName(grafana.getSpec().getPorts().get(0).getName()).endPort().endService().endBackend()
                .endPath().endHttp().endRule().endSpec().build());
    }

    private static Container container(HasMetadata o, String name) {
        return Workloads.template(o).flatMap(t -> t.getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst())
                .orElseThrow(() -> ObsException.internal(o.getKind() + " " + o.getMetadata().getName()
                        + " has no container named '" + name + "' to size", null));
    }

    private static void replaceArg(HasMetadata o, Container c, String prefix, String value) {
        List<String> args = new ArrayList<>(c.getArgs());
        int i = 0;
        while (i < args.size() && !args.get(i).startsWith(prefix)) {
            i++;
        }
        if (i == args.size()) {
            throw ObsException.internal(o.getKind() + " " + o.getMetadata().getName() + ": container " + c.getName()
                    + " has no " + prefix + " argument to set", null);
        }
        args.set(i, prefix + value);
        c.setArgs(args);
    }

    private static List<PersistentVolumeClaim> claims(HasMetadata o) {
        return o instanceof StatefulSet s && s.getSpec() != null ? s.getSpec().getVolumeClaimTemplates() : List.of();
    }

    private static PersistentVolumeClaim dataClaim(HasMetadata o) {
        return claims(o).stream().filter(c -> DATA_CLAIM.equals(c.getMetadata().getName())).findFirst()
                .orElseThrow(() -> ObsException.internal(o.getKind() + " " + o.getMetadata().getName()
                        + " has no volume claim template '" + DATA_CLAIM + "'", null));
    }
}
