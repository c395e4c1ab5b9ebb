package obs.env;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import obs.kube.Workloads;
import obs.manifests.ManifestSet;
import obs.manifests.Rendered;
import obs.values.Sizes;
import obs.values.Values;

/**
 * The pre-install doctor: judges the cluster facts against what is about to be installed. A fail finding
 * would break the install and comes with the fix; the install stops before changing anything.
 */
public final class Doctor {
    /** The oldest minor version obs is tested against (Pod Security admission is GA since 1.25). */
    static final int OLDEST_MINOR = 25;
    /** net.ipv4.ping_group_range became a safe sysctl in Kubernetes 1.18. */
    static final int PING_SYSCTL_SAFE_SINCE = 18;
    static final String PING_SYSCTL = "net.ipv4.ping_group_range";
    static final String DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";
    static final String PSA_ENFORCE = "pod-security.kubernetes.io/enforce";

    private Doctor() {
    }

    /** Every finding, in the order they are printed. */
    public static List<Finding> examine(ClusterFacts f, Values v, Rendered r, Sizes sizes, Set<String> generatedSecrets) {
        List<Finding> out = new ArrayList<>();
        Distribution.Detected d = Distribution.detect(f.gitVersion(), f.nodes() == null ? List.of() : f.nodes(), f.apiGroups());
        out.add(f.minor() >= OLDEST_MINOR || f.minor() == 0 ? Finding.ok("kubernetes", f.gitVersion())
                : Finding.warn("kubernetes", f.gitVersion() + " is older than 1." + OLDEST_MINOR + ", the oldest release obs is tested on",
                "upgrade the cluster, or expect Pod Security labels and EndpointSlice discovery to be missing"));
        out.add(Finding.info("distribution", d.distribution().title + " (" + d.evidence() + ")"));
        if (d.distribution() == Distribution.OPENSHIFT) {
            out.add(Finding.warn("openshift", "security context constraints reject fixed user IDs and host access by default",
                    "grant the service accounts an SCC, e.g. oc adm policy add-scc-to-user privileged -z node-exporter -z alloy -n "
                            + v.namespace() + " and nonroot-v2 for the others"));
        }
        out.addAll(nodes(f, v, r, sizes));
        out.add(storage(f, v, r));
        out.add(podSecurity(f, v, r));
        pingSysctl(f, d, r).ifPresent(out::add);
        out.addAll(installation(f, v, r));
        out.addAll(secrets(f, v, r, generatedSecrets));
        return out;
    }

    public static boolean blocking(List<Finding> findings) {
        return findings.stream().anyMatch(x -> x.status() == Finding.Status.fail);
    }

    /**
     * The StorageClass the volume claims should name: the preferred one when the cluster has it, otherwise none
     * (the cluster's default). Offline, or when classes cannot be listed, the preferred one as written.
     */
    public static String storageClass(ClusterFacts f, Values v) {
        String preferred = v.preferredStorageClass();
        if (preferred.isEmpty()) {
            return null;
        }
        if (f == null || f.storageClasses() == null) {
            return preferred;
        }
        return f.storageClasses().stream().anyMatch(c -> c.getMetadata().getName().equals(preferred)) ? preferred : null;
    }

    /** The Secrets the rendered pods need that obs does not generate (non-optional volume or env references). */
    public static Set<String> requiredSecrets(Rendered r, Set<String> generated) {
        Set<String> out = new LinkedHashSet<>();
        r.workloads().forEach(w -> {
            PodSpec pod = Workloads.template(w.object()).orElseThrow().getSpec();
            pod.getVolumes().stream().filter(vol -> vol.getSecret() != null && !Boolean.TRUE.equals(vol.getSecret().getOptional()))
                    .forEach(vol -> out.add(vol.getSecret().getSecretName()));
            pod.getContainers().forEach(c -> c.getEnv().stream()
                    .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
                            && !Boolean.TRUE.equals(e.getValueFrom().getSecretKeyRef().getOptional()))
                    .forEach(e -> out.add(e.getValueFrom().getSecretKeyRef().getName())));
        });
        out.removeAll(generated);
        return out;
    }

    private static List<Finding> nodes(ClusterFacts f, Values v, Rendered r, Sizes sizes) {
        if (f.nodes() == null) {
            return List.of(Finding.warn("nodes", "this account may not list nodes: node selector and capacity not checked",
                    "run the check as a cluster administrator"));
        }
        List<Finding> out = new ArrayList<>();
        List<Node> hosting = Capacity.hosting(f.nodes(), v.nodeSelector(), v.tolerations());
        String selector = v.nodeSelector().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        String where = selector.isEmpty() ? "schedulable" : "schedulable with " + selector;
        if (hosting.isEmpty()) {
            out.add(Finding.fail("nodes", f.nodes().size() + " node(s), none " + where + ": Deployments and StatefulSets would stay Pending",
                    selector.isEmpty() ? "uncordon a node or add tolerations for its taints to the profile"
                            : "label the nodes for the stack: kubectl label node NODE " + String.join(" ", selector.split(","))));
            return out;
        }
        out.add(Finding.ok("nodes", f.nodes().size() + " node(s), " + hosting.size() + " " + where));
        List<String> components = r.workloads().stream().map(Rendered.Item::folder).filter(ManifestSet::isComponent).toList();
        Capacity.Amount allocatable = Capacity.allocatable(hosting);
        Capacity.Amount needed = Capacity.requests(sizes, v, v.size(), components, hosting.size());
        Capacity.Amount biggestNode = hosting.stream().map(Capacity::allocatable)
                .reduce((a, b) -> a.cpu().compareTo(b.cpu()) >= 0 && a.memory().compareTo(b.memory()) >= 0 ? a : b).orElseThrow();
        String largestPod = components.stream().filter(c -> !Capacity.request(sizes, v, v.size(), c).within(biggestNode, 1.0))
                .findFirst().orElse(null);
        String numbers = "size " + v.size() + " requests " + needed.describe() + " of " + allocatable.describe() + " allocatable";
        if (!needed.within(allocatable, 1.0) || largestPod != null) {
            out.add(Finding.fail("capacity", numbers + (largestPod == null ? "" : "; " + largestPod + " fits on no single node"),
                    "choose a smaller size (--size " + sizes.names().getFirst() + ") or add nodes"));
        } else if (!needed.within(allocatable, Capacity.COMFORTABLE)) {
            out.add(Finding.warn("capacity", numbers, "leave room for the cluster's own workloads: a smaller size or more nodes"));
        } else {
            out.add(Finding.ok("capacity", numbers));
        }
        String recommended = sizes.names().getFirst();
        for (String size : sizes.names()) {
            if (Capacity.requests(sizes, v, size, components, hosting.size()).within(allocatable, Capacity.COMFORTABLE)) {
                recommended = size;
            }
        }
        out.add(Finding.info("size", "recommended " + recommended + " for " + allocatable.describe() + " (chosen: " + v.size() + ")"));
        return out;
    }

    private static Finding storage(ClusterFacts f, Values v, Rendered r) {
        List<String> claims = r.workloads().stream().filter(w -> w.object() instanceof StatefulSet s
                && !s.getSpec().getVolumeClaimTemplates().isEmpty()).map(Rendered.Item::folder).toList();
        if (f.storageClasses() == null) {
            return Finding.warn("storage", "this account may not list StorageClasses", "check that PVCs can be provisioned");
        }
        String dflt = f.storageClasses().stream().filter(c -> "true".equals(annotations(c).get(DEFAULT_CLASS)))
                .map(c -> c.getMetadata().getName()).findFirst().orElse(null);
        String preferred = v.preferredStorageClass();
        String chosen = storageClass(f, v);
        String classes = "default " + (dflt == null ? "none" : dflt) + (preferred.isEmpty() ? "" : ", preferred " + preferred
                + (chosen == null ? " missing" : " found"));
        if (chosen == null && dflt == null && !claims.isEmpty()) {
            return Finding.fail("storage", classes + ": the volume claims of " + String.join(", ", claims) + " would stay Pending",
                    "set a class with --set storage.preferredClass=NAME, or mark one default: kubectl patch storageclass NAME -p "
                            + "'{\"metadata\":{\"annotations\":{\"" + DEFAULT_CLASS + "\":\"true\"}}}'");
        }
        if (!preferred.isEmpty() && chosen == null) {
            return Finding.warn("storage", classes + ": volume claims use the default class " + dflt, null);
        }
        return Finding.ok("storage", classes);
    }

    private static Finding podSecurity(ClusterFacts f, Values v, Rendered r) {
        List<String> hostAccess = r.workloads().stream().filter(w -> needsPrivileged(Workloads.template(w.object()).orElseThrow().getSpec()))
                .map(Rendered.Item::folder).toList();
        if (f.namespace() == null) {
            return Finding.ok("pod security", "namespace " + v.namespace() + " will be created with the Pod Security labels of manifests/"
                    + ManifestSet.NAMESPACE_FOLDER);
        }
        String level = ClusterFacts.labels(f.namespace()).get(PSA_ENFORCE);
        String detail = "namespace " + v.namespace() + " enforces " + (level == null ? "the cluster default (no label)" : level);
        if (("baseline".equals(level) || "restricted".equals(level)) && !hostAccess.isEmpty()) {
            return Finding.fail("pod security", detail + ", but " + String.join(", ", hostAccess)
                    + " need privileged (host network, PID or paths)",
                    "kubectl label namespace " + v.namespace() + " " + PSA_ENFORCE + "=privileged --overwrite, or --skip "
                            + String.join(",", hostAccess));
        }
        return level == null ? Finding.warn("pod security", detail, "if the cluster enforces baseline or restricted by default, label the"
                + " namespace: kubectl label namespace " + v.namespace() + " " + PSA_ENFORCE + "=privileged")
                : Finding.ok("pod security", detail);
    }

    private static boolean needsPrivileged(PodSpec pod) {
        return Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
                || Boolean.TRUE.equals(pod.getHostIPC()) || pod.getVolumes().stream().anyMatch(vol -> vol.getHostPath() != null);
    }

    private static Optional<Finding> pingSysctl(ClusterFacts f, Distribution.Detected d, Rendered r) {
        List<String> probers = r.workloads().stream().filter(w -> {
            var sc = Workloads.template(w.object()).orElseThrow().getSpec().getSecurityContext();
            return sc != null && sc.getSysctls().stream().anyMatch(s -> PING_SYSCTL.equals(s.getName()));
        }).map(Rendered.Item::folder).toList();
        if (probers.isEmpty()) {
            return Optional.empty();
        }
        if (f.minor() != 0 && f.minor() < PING_SYSCTL_SAFE_SINCE) {
            return Optional.of(Finding.fail("icmp sysctl", PING_SYSCTL + " is not a safe sysctl before Kubernetes 1."
                    + PING_SYSCTL_SAFE_SINCE + ": " + String.join(", ", probers) + " would not start",
                    "add it to the kubelet's --allowed-unsafe-sysctls, or --skip " + String.join(",", probers)));
        }
        if (d.distribution() == Distribution.OPENSHIFT) {
            return Optional.of(Finding.warn("icmp sysctl", PING_SYSCTL + " needs an SCC that does not forbid it",
                    "check forbiddenSysctls of the SCC the probers run under"));
        }
        return Optional.of(Finding.ok("icmp sysctl", PING_SYSCTL + " allowed: a safe sysctl that every Pod Security level"
                + " permits, no --allowed-unsafe-sysctls needed"));
    }

    private static List<Finding> installation(ClusterFacts f, Values v, Rendered r) {
        List<Finding> out = new ArrayList<>();
        if (f.obsBindings() != null) {
            f.obsBindings().forEach((binding, namespaces) -> namespaces.stream().filter(ns -> !ns.equals(v.namespace())).findFirst()
                    .ifPresent(other -> out.add(Finding.fail("installation", "ClusterRoleBinding " + binding
                            + " belongs to the obs installation in namespace " + other + "; installing here would take it over",
                            "uninstall that one first (jbang uninstall " + other + ") or install into " + other))));
        }
        if (f.installed().isEmpty()) {
            out.add(Finding.info("installation", "no obs workloads in namespace " + v.namespace()));
            return out;
        }
        String version = ClusterFacts.labels(f.namespace()).get("app.kubernetes.io/version");
        out.add(Finding.info("installation", "obs" + (version == null ? "" : " " + version) + " in " + v.namespace() + ": "
                + f.installed().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))));
        Set<String> selected = r.items().stream().map(Rendered.Item::folder).collect(Collectors.toSet());
        List<String> leftOver = f.installed().keySet().stream().filter(c -> !selected.contains(c)).toList();
        if (!leftOver.isEmpty()) {
            out.add(Finding.warn("installation", String.join(", ", leftOver) + " installed but not selected now: left as they are",
                    "enable them again, or remove the whole stack with uninstall"));
        }
        return out;
    }

    private static List<Finding> secrets(ClusterFacts f, Values v, Rendered r, Set<String> generated) {
        Set<String> required = requiredSecrets(r, generated);
        if (required.isEmpty()) {
            return List.of();
        }
        if (f.secrets() == null) {
            return List.of(Finding.warn("secrets", "this account may not read Secrets: " + String.join(", ", required) + " not checked", null));
        }
        List<Finding> out = new ArrayList<>();
        for (String name : required) {
            out.add(f.secrets().contains(name) ? Finding.ok("secrets", name + " present")
                    : Finding.fail("secrets", "Secret " + name + " is missing: its workload would never start",
                    "create it first (keys in manifests/profiles/README.md): kubectl -n " + v.namespace()
                            + " create secret generic " + name + " --from-file=..."));
        }
        return out;
    }

    private static Map<String, String> annotations(StorageClass c) {
        return c.getMetadata().getAnnotations() == null ? Map.of() : c.getMetadata().getAnnotations();
    }
}
