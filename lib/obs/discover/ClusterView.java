package obs.discover;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import obs.core.Json;
import obs.core.ObsException;
import obs.kube.Kube;
import obs.discover.ScrapeConfig.Group;

/** The cluster reads and the one write of discovery, with their failures in words. */
final class ClusterView {
    /** The field manager of discovery's keys, distinct from the installer's "obs". */
    static final String FIELD_MANAGER = "obs-discover";
    static final String PROMETHEUS_CONFIG = "prometheus-config";
    static final String PROMETHEUS_YML = "prometheus.yml";

    /** A namespace that could not be read, and why. */
    record Skipped(String namespace, String reason) {
    }

    /** What Prometheus is configured with: its jobs and the file_sd files of the discovered ConfigMap. */
    record StackConfig(ScrapeConfig scrape, Map<String, List<Group>> files, ConfigMap discovered) {
    }

    private final KubernetesClient client;

    ClusterView(KubernetesClient client) {
        this.client = client;
    }

    /**
     * The namespaces to look at: the given ones, each of which must exist (a usage error naming it otherwise,
     * when {@code mustExist}), or every namespace the user can list.
     */
    List<String> namespaces(List<String> given, boolean mustExist) {
        try {
            if (!given.isEmpty()) {
                for (String ns : given) {
                    if (mustExist && exists(ns) == Boolean.FALSE) {
                        throw ObsException.usage("namespace '" + ns + "' does not exist");
                    }
                }
                return given;
            }
            return client.namespaces().list().getItems().stream().map(n -> n.getMetadata().getName()).sorted().toList();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                throw ObsException.problem("cannot list namespaces (HTTP 403: " + Kube.reason(e) + "): name the namespaces to look at");
            }
            throw Kube.explain(e, client);
        }
    }

    /** Whether the namespace exists; null when the user may not ask. Equivalent to {@code kubectl get namespace NS}. */
    private Boolean exists(String ns) {
        try {
            return client.namespaces().withName(ns).get() != null;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Lists Services, EndpointSlices and Pods in each namespace; a namespace where any of the three is refused
     * (403) is skipped and reported through {@code skipped}. Equivalent to {@code kubectl get svc,endpointslices,pods -n NS}.
     */
    Inventory list(List<String> namespaces, Consumer<Skipped> skipped) {
        List<Service> services = new ArrayList<>();
        List<EndpointSlice> slices = new ArrayList<>();
        List<Pod> pods = new ArrayList<>();
        for (String ns : namespaces) {
            try {
                List<Service> s = client.services().inNamespace(ns).list().getItems();
                List<EndpointSlice> e = client.discovery().v1().endpointSlices().inNamespace(ns).list().getItems();
                List<Pod> p = client.pods().inNamespace(ns).list().getItems();
                services.addAll(s);
                slices.addAll(e);
                pods.addAll(p);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 403) {
                    throw Kube.explain(e, client);
                }
                skipped.accept(new Skipped(ns, "HTTP 403: " + Kube.reason(e)));
            }
        }
        return new Inventory(services, slices, pods);
    }

    /** Reads prometheus-config and the discovered ConfigMap from the stack's namespace. */
    StackConfig stackConfig(String stackNs, String discoveredName, Consumer<String> warn) {
        ConfigMap config = get(stackNs, PROMETHEUS_CONFIG);
        if (config == null) {
            throw ObsException.problem("no ConfigMap " + stackNs + "/" + PROMETHEUS_CONFIG + ": Prometheus is not installed there "
                    + "(give the stack's namespace with -n)");
        }
        String yml = config.getData() == null ? null : config.getData().get(PROMETHEUS_YML);
        if (yml == null) {
            throw ObsException.problem("ConfigMap " + stackNs + "/" + PROMETHEUS_CONFIG + " has no key " + PROMETHEUS_YML);
        }
        ScrapeConfig scrape = ScrapeConfig.parse("ConfigMap " + stackNs + "/" + PROMETHEUS_CONFIG + " key " + PROMETHEUS_YML, yml);
        ConfigMap discovered = get(stackNs, discoveredName);
        Map<String, List<Group>> files = new LinkedHashMap<>();
        if (discovered == null) {
            warn.accept("no ConfigMap " + stackNs + "/" + discoveredName + ": no file targets counted");
        } else if (discovered.getData() != null) {
            discovered.getData().forEach((key, text) -> {
                try {
                    files.put(key, FileSd.parse(text));
                } catch (IllegalArgumentException e) {
                    warn.accept("ConfigMap " + stackNs + "/" + discoveredName + " key " + key + " is not a file_sd file ("
                            + e.getMessage() + "): its targets are not counted");
                }
            });
        }
        return new StackConfig(scrape, files, discovered);
    }

    /** Equivalent to {@code kubectl get configmap NAME -n NS}; a refusal names the ConfigMap. */
    private ConfigMap get(String ns, String name) {
        try {
            return client.configMaps().inNamespace(ns).withName(name).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403 || e.getCode() == 401) {
                throw ObsException.problem("cannot read ConfigMap " + ns + "/" + name + " (HTTP " + e.getCode() + ": " + Kube.reason(e) + ")");
            }
            throw Kube.explain(e, client);
        }
    }

    /**
     * Writes discovery's keys into the ConfigMap when they differ from what it holds; other keys and objects are
     * never touched. Equivalent to {@code kubectl patch configmap NAME --type=merge --field-manager=obs-discover
     * -p '{"data":{"discovery-scrape.json":...,"discovery-probes.json":...}}'}: a merge patch names only these keys.
     *
     * @return whether it wrote
     */
    boolean write(String ns, String name, ConfigMap current, Map<String, String> files) {
        if (current == null) {
            throw ObsException.problem("no ConfigMap " + ns + "/" + name + " to write into: it comes with Prometheus "
                    + "(install it first); discover does not create it");
        }
        Map<String, String> data = current.getData() == null ? Map.of() : current.getData();
        if (files.entrySet().stream().allMatch(e -> e.getValue().equals(data.get(e.getKey())))) {
            return false;
        }
        try {
            client.configMaps().inNamespace(ns).withName(name).patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
                    .withFieldManager(FIELD_MANAGER).build(), Json.mapper().writeValueAsString(Map.of("data", files)));
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403 || e.getCode() == 404) {
                throw ObsException.problem("cannot write ConfigMap " + ns + "/" + name + " (HTTP " + e.getCode() + ": " + Kube.reason(e) + ")");
            }
            throw Kube.explain(e, client);
        }
    }
}
