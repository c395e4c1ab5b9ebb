package obs.discover;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What discovery looks at: the Services, EndpointSlices and Pods of the watched namespaces, indexed the way
 * Prometheus' Kubernetes discovery joins them (a slice to its Service by the kubernetes.io/service-name label,
 * an endpoint to its Pod by targetRef).
 */
final class Inventory {
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    private final List<Service> services;
    private final Map<String, Service> serviceByKey = new HashMap<>();
    private final Map<String, List<EndpointSlice>> slicesByService = new HashMap<>();
    private final Map<String, Pod> podByKey = new HashMap<>();
    private final Map<String, List<Pod>> podsByNamespace = new HashMap<>();
    private final List<EndpointSlice> slices;

    Inventory(Collection<Service> services, Collection<EndpointSlice> slices, Collection<Pod> pods) {
        this.services = new ArrayList<>(services);
        this.slices = new ArrayList<>(slices);
        this.services.sort(java.util.Comparator.comparing((Service s) -> s.getMetadata().getNamespace())
                .thenComparing(s -> s.getMetadata().getName()));
        services.forEach(s -> serviceByKey.put(key(s.getMetadata().getNamespace(), s.getMetadata().getName()), s));
        for (EndpointSlice slice : slices) {
            Map<String, String> labels = slice.getMetadata().getLabels();
            String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
            if (service != null) {
                slicesByService.computeIfAbsent(key(slice.getMetadata().getNamespace(), service), k -> new ArrayList<>()).add(slice);
            }
        }
        for (Pod pod : pods) {
            podByKey.put(key(pod.getMetadata().getNamespace(), pod.getMetadata().getName()), pod);
            podsByNamespace.computeIfAbsent(pod.getMetadata().getNamespace(), k -> new ArrayList<>()).add(pod);
        }
    }

    static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    /** The Services, sorted by namespace and name. */
    List<Service> services() {
        return services;
    }

    List<EndpointSlice> slices() {
        return slices;
    }

    Service service(String namespace, String name) {
        return serviceByKey.get(key(namespace, name));
    }

    List<EndpointSlice> slicesOf(Service s) {
        return slicesByService.getOrDefault(key(s.getMetadata().getNamespace(), s.getMetadata().getName()), List.of());
    }

    Pod pod(String namespace, String name) {
        return podByKey.get(key(namespace, name));
    }

    List<Pod> pods(String namespace) {
        return podsByNamespace.getOrDefault(namespace, List.of());
    }

    /** The pods the Service selects (none for a Service without a selector), as its endpoints controller would. */
    List<Pod> podsOf(Service s) {
        Map<String, String> selector = s.getSpec() == null ? null : s.getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            return List.of();
        }
        return pods(s.getMetadata().getNamespace()).stream().filter(p -> {
            Map<String, String> labels = p.getMetadata().getLabels();
            return labels != null && selector.entrySet().stream().allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
        }).toList();
    }
}
