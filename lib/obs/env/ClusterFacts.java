package obs.env;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import obs.access.StackAccess;
import obs.kube.Kube;

/**
 * What the doctor reads from a cluster, in one place so the judgement ({@link Doctor}) is a pure function.
 * A fact the account may not read is null (forbidden), which the doctor reports instead of guessing.
 *
 * @param gitVersion     the API server's version string
 * @param minor          the minor version number (0 when unknown)
 * @param apiGroups      the served API group names
 * @param nodes          every node, or null when listing nodes is forbidden
 * @param storageClasses every StorageClass, or null when forbidden
 * @param namespace      the target namespace, or null when it does not exist
 * @param installed      obs workloads in the namespace: component name to its version label
 * @param obsBindings    obs's ClusterRoleBindings: name to the namespaces of their ServiceAccount subjects,
 *                       or null when forbidden
 * @param secrets        which of the asked-for Secrets exist in the namespace, or null when forbidden
 */
public record ClusterFacts(String gitVersion, int minor, Set<String> apiGroups, List<Node> nodes,
                           List<StorageClass> storageClasses, Namespace namespace, Map<String, String> installed,
                           Map<String, Set<String>> obsBindings, Set<String> secrets) {

    /**
     * Reads the facts. Equivalent to {@code kubectl version; kubectl api-versions; kubectl get nodes,storageclasses;
     * kubectl get ns NS; kubectl get deploy,sts,ds -n NS -l part-of=obs; kubectl get clusterrolebindings -l part-of=obs}.
     *
     * @param secretNames the Secrets the rendered workloads need and obs does not create
     */
    public static ClusterFacts read(KubernetesClient client, String namespace, Set<String> secretNames) {
        try {
            VersionInfo version = client.getKubernetesVersion();
            Set<String> groups = new TreeSet<>();
            var groupList = readable(client::getApiGroups);
            if (groupList != null) {
                groupList.getGroups().forEach(g -> groups.add(g.getName()));
            }
            return new ClusterFacts(version.getGitVersion(), minor(version.getMinor()), groups,
                    readable(() -> client.nodes().list().getItems()),
                    readable(() -> client.storage().v1().storageClasses().list().getItems()),
                    readable(() -> client.namespaces().withName(namespace).get()),
                    installed(client, namespace), bindings(client), secrets(client, namespace, secretNames));
        } catch (KubernetesClientException e) {
            throw Kube.explain(e, client);
        }
    }

    private static Map<String, String> installed(KubernetesClient client, String namespace) {
        Map<String, String> out = new TreeMap<>();
        var apps = client.apps();
        List<List<? extends HasMetadata>> lists = Stream.of(
                readable(() -> apps.deployments().inNamespace(namespace).withLabelSelector(StackAccess.PART_OF).list().getItems()),
                readable(() -> apps.statefulSets().inNamespace(namespace).withLabelSelector(StackAccess.PART_OF).list().getItems()),
                readable(() -> apps.daemonSets().inNamespace(namespace).withLabelSelector(StackAccess.PART_OF).list().getItems()))
                .<List<? extends HasMetadata>>map(l -> l == null ? List.of() : l).toList();
        lists.forEach(l -> l.forEach(w -> {
            Map<String, String> labels = w.getMetadata().getLabels() == null ? Map.of() : w.getMetadata().getLabels();
            out.put(labels.getOrDefault("app.kubernetes.io/name", w.getMetadata().getName()),
                    labels.getOrDefault("app.kubernetes.io/version", "unknown"));
        }));
        return out;
    }

    private static Map<String, Set<String>> bindings(KubernetesClient client) {
        var list = readable(() -> client.rbac().clusterRoleBindings().withLabelSelector(StackAccess.PART_OF).list().getItems());
        if (list == null) {
            return null;
        }
        Map<String, Set<String>> out = new TreeMap<>();
        list.forEach(b -> {
            Set<String> namespaces = new TreeSet<>();
            b.getSubjects().stream().filter(s -> "ServiceAccount".equals(s.getKind())).map(Subject::getNamespace).forEach(namespaces::add);
            out.put(b.getMetadata().getName(), namespaces);
        });
        return out;
    }

    private static Set<String> secrets(KubernetesClient client, String namespace, Set<String> names) {
        Set<String> present = new LinkedHashSet<>();
        for (String name : names) {
            Boolean exists = readable(() -> client.secrets().inNamespace(namespace).withName(name).get() != null);
            if (exists == null) {
                return null;
            }
            if (exists) {
                present.add(name);
            }
        }
        return present;
    }

    /** The value, or null when the API refuses this account (401/403) or does not serve the path (404). */
    private static <T> T readable(Supplier<T> read) {
        try {
            return read.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 401 || e.getCode() == 403 || e.getCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    private static int minor(String minor) {
        String digits = minor == null ? "" : minor.replaceAll("\\D.*$", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }

    /** Labels of an object, never null. */
    static Map<String, String> labels(HasMetadata o) {
        return o == null || o.getMetadata().getLabels() == null ? new LinkedHashMap<>() : o.getMetadata().getLabels();
    }
}
