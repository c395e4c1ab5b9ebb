package obs.access;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import obs.cli.KubeOptions;
import obs.core.Exit;
import obs.core.ObsException;
import obs.kube.Kube;

/**
 * The stack a command works on, decided once from the options: the local sandbox (its endpoints file),
 * a cluster (kubeconfig or in-cluster), or bare --endpoint overrides without a cluster.
 *
 * @param mode      where the stack is
 * @param namespace the stack's namespace in cluster mode, else null
 * @param kube      the client in cluster mode, else null
 * @param endpoints how to reach components
 * @param installed the components present: from the endpoints file and overrides, or the cluster inventory
 *                  (filled by the caller that knows how to list it)
 */
public record StackAccess(Mode mode, String namespace, KubernetesClient kube, Endpoints endpoints,
                          Set<String> installed) implements AutoCloseable {

    /** Where the stack is; its word is what reports print and JSON carries. */
    public enum Mode {
        SANDBOX, CLUSTER, ENDPOINTS;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Opens access to the stack.
     *
     * @param endpointsFile the endpoints file to use (sandbox mode), or null
     */
    public static StackAccess open(KubeOptions kubeOptions, String positionalNamespace, List<EndpointOption> overrides,
                                   Path endpointsFile) {
        return open(kubeOptions, positionalNamespace, overrides, endpointsFile, Endpoints.Via.portForward);
    }

    /** Opens access to the stack, reaching cluster components {@code via} port-forward or the API server proxy. */
    public static StackAccess open(KubeOptions kubeOptions, String positionalNamespace, List<EndpointOption> overrides,
                                   Path endpointsFile, Endpoints.Via via) {
        Map<String, URI> urls = new LinkedHashMap<>();
        if (endpointsFile != null) {
            String clusterOption = kubeOptions.context != null ? "--context" : kubeOptions.kubeconfig != null ? "--kubeconfig" : null;
            if (clusterOption != null) {
                throw ObsException.usage(clusterOption + " does not apply to the sandbox (--sandbox, --state-dir, --endpoints-file): it has no Kubernetes");
            }
            EndpointsFile file = EndpointsFile.readRunning(endpointsFile);
            file.components().forEach((name, entry) -> urls.put(name, URI.create(entry.url())));
            overrides.forEach(o -> urls.put(o.component(), o.url()));
            return new StackAccess(Mode.SANDBOX, null, null, new Endpoints(urls, null, null, false), components(urls));
        }
        overrides.forEach(o -> urls.put(o.component(), o.url()));
        String namespace = kubeOptions.namespace(positionalNamespace);
        if (!overrides.isEmpty() && kubeOptions.kubeconfig == null && kubeOptions.context == null && !anyCluster()) {
            return new StackAccess(Mode.ENDPOINTS, null, null, new Endpoints(urls, null, null, false), components(urls));
        }
        KubernetesClient kube = Kube.connect(kubeOptions);
        Set<String> installed = inventory(kube, namespace);
        installed.addAll(components(urls));
        return new StackAccess(Mode.CLUSTER, namespace, kube,
                new Endpoints(urls, kube, namespace, Kube.inCluster(System.getenv()), via), installed);
    }

    /** The components that overrides name (a NAME:PORT key names its component). */
    private static Set<String> components(Map<String, URI> urls) {
        Set<String> names = new LinkedHashSet<>();
        urls.keySet().forEach(k -> names.add(EndpointOption.componentOf(k)));
        return names;
    }

    /** The label every object obs installs carries. */
    public static final String PART_OF = "app.kubernetes.io/part-of=obs";

    /**
     * The components installed in a namespace: the names of obs's workloads there.
     * Equivalent to {@code kubectl get deploy,sts,ds -n NS -l app.kubernetes.io/part-of=obs}.
     */
    public static Set<String> inventory(KubernetesClient kube, String namespace) {
        try {
            var apps = kube.apps();
            Stream<HasMetadata> workloads = Stream.of(
                    apps.deployments().inNamespace(namespace).withLabelSelector(PART_OF).list().getItems(),
                    apps.statefulSets().inNamespace(namespace).withLabelSelector(PART_OF).list().getItems(),
                    apps.daemonSets().inNamespace(namespace).withLabelSelector(PART_OF).list().getItems())
                    .flatMap(List::stream);
            Set<String> names = new LinkedHashSet<>();
            workloads.forEach(w -> names.add(w.getMetadata().getLabels().getOrDefault("app.kubernetes.io/name",
                    w.getMetadata().getName())));
            return names;
        } catch (KubernetesClientException e) {
            kube.close();
            throw Kube.explain(e, kube);
        }
    }

    /** Whether a cluster is configured at all; a kubeconfig that is there but broken is still reported. */
    private static boolean anyCluster() {
        try {
            Kube.config(new KubeOptions(), System.getenv(), Path.of(System.getProperty("user.home")));
            return true;
        } catch (ObsException e) {
            if (e.exit() != Exit.UNREACHABLE) {
                throw e;
            }
            return false;
        }
    }

    @Override
    public void close() {
        endpoints.close();
        if (kube != null) {
            kube.close();
        }
    }
}
