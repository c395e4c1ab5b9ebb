package obs.discover;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The targets Prometheus' Kubernetes discovery makes for one Service, with the __meta_kubernetes_* labels of
 * discovery/kubernetes/{service,endpointslice,endpoints,pod}.go: what relabel_configs see before they run.
 */
final class MetaLabels {
    private static final String META = "__meta_kubernetes_";

    private MetaLabels() {
    }

    /** The targets of {@code role} that belong to the Service; roles without such targets (node, ingress) give none. */
    static List<Map<String, String>> targets(String role, Service s, Inventory inv) {
        return switch (role) {
            case "service" -> serviceTargets(s);
            case "endpointslice" -> endpointTargets(s, inv, true);
            case "endpoints" -> endpointTargets(s, inv, false);
            case "pod" -> inv.podsOf(s).stream().flatMap(p -> podTargets(p).stream()).toList();
            default -> List.of();
        };
    }

    private static List<Map<String, String>> serviceTargets(Service s) {
        List<Map<String, String>> out = new ArrayList<>();
        for (ServicePort port : s.getSpec().getPorts()) {
            Map<String, String> t = service(s);
            t.put("__address__", s.getMetadata().getName() + "." + s.getMetadata().getNamespace() + ".svc:" + port.getPort());
            put(t, "service_port_name", port.getName());
            put(t, "service_port_number", String.valueOf(port.getPort()));
            put(t, "service_port_protocol", port.getProtocol());
            put(t, "service_type", s.getSpec().getType());
            if ("ExternalName".equals(s.getSpec().getType())) {
                put(t, "service_external_name", s.getSpec().getExternalName());
            } else {
                put(t, "service_cluster_ip", s.getSpec().getClusterIP());
            }
            out.add(t);
        }
        return out;
    }

    private static List<Map<String, String>> endpointTargets(Service s, Inventory inv, boolean slices) {
        List<Map<String, String>> out = new ArrayList<>();
        String p = slices ? "endpointslice_" : "endpoint_";
        for (EndpointSlice slice : inv.slicesOf(s)) {
            Set<String> seenPodPorts = new HashSet<>();
            Set<Pod> pods = new java.util.LinkedHashSet<>();
            for (Endpoint e : slice.getEndpoints()) {
                Pod pod = e.getTargetRef() != null && "Pod".equals(e.getTargetRef().getKind())
                        ? inv.pod(s.getMetadata().getNamespace(), e.getTargetRef().getName()) : null;
                for (EndpointPort port : slice.getPorts()) {
                    for (String address : e.getAddresses()) {
                        Map<String, String> t = service(s);
                        t.put("__address__", hostPort(address, port.getPort()));
                        if (slices) {
                            put(t, "endpointslice_name", slice.getMetadata().getName());
                            put(t, "endpointslice_address_type", slice.getAddressType());
                            labels(t, "endpointslice_", slice);
                            put(t, "endpointslice_port", String.valueOf(port.getPort()));
                            put(t, "endpointslice_port_app_protocol", port.getAppProtocol());
                            put(t, "endpointslice_endpoint_hostname", e.getHostname());
                            put(t, "endpointslice_endpoint_node_name", e.getNodeName());
                        } else {
                            put(t, "endpoints_name", s.getMetadata().getName());
                            put(t, "endpoint_hostname", e.getHostname());
                            put(t, "endpoint_node_name", e.getNodeName());
                        }
                        put(t, p + "port_name", port.getName());
                        put(t, p + "port_protocol", port.getProtocol());
                        boolean ready = e.getConditions() == null || !Boolean.FALSE.equals(e.getConditions().getReady());
                        put(t, slices ? "endpointslice_endpoint_conditions_ready" : "endpoint_ready", String.valueOf(ready));
                        if (e.getTargetRef() != null) {
                            put(t, p + "address_target_kind", e.getTargetRef().getKind());
                            put(t, p + "address_target_name", e.getTargetRef().getName());
                        }
                        if (pod != null) {
                            pods.add(pod);
                            t.putAll(pod(pod));
                            containerOf(pod, port.getPort()).ifPresent(c -> {
                                container(t, c.container, c.port);
                                seenPodPorts.add(pod.getMetadata().getName() + ":" + c.port.getContainerPort());
                            });
                        }
                        out.add(t);
                    }
                }
            }
            // Prometheus also adds every other declared container port of those pods, without endpoint labels.
            for (Pod pod : pods) {
                for (Container c : pod.getSpec().getContainers()) {
                    for (ContainerPort cp : ports(c)) {
                        if (seenPodPorts.add(pod.getMetadata().getName() + ":" + cp.getContainerPort()) && ip(pod) != null) {
                            Map<String, String> t = service(s);
                            t.putAll(pod(pod));
                            t.put("__address__", hostPort(ip(pod), cp.getContainerPort()));
                            container(t, c, cp);
                            out.add(t);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The pod role: one target per declared container port, or one per container without ports; none without an IP. */
    static List<Map<String, String>> podTargets(Pod pod) {
        List<Map<String, String>> out = new ArrayList<>();
        String ip = ip(pod);
        if (ip == null) {
            return out;
        }
        for (Container c : pod.getSpec().getContainers()) {
            if (ports(c).isEmpty()) {
                Map<String, String> t = pod(pod);
                t.put("__address__", ip);
                put(t, "pod_container_name", c.getName());
                put(t, "pod_container_image", c.getImage());
                put(t, "pod_container_init", "false");
                out.add(t);
            }
            for (ContainerPort cp : ports(c)) {
                Map<String, String> t = pod(pod);
                t.put("__address__", hostPort(ip, cp.getContainerPort()));
                container(t, c, cp);
                out.add(t);
            }
        }
        return out;
    }

    private record Match(Container container, ContainerPort port) {
    }

    private static java.util.Optional<Match> containerOf(Pod pod, Integer port) {
        for (Container c : pod.getSpec().getContainers()) {
            for (ContainerPort cp : ports(c)) {
                if (cp.getContainerPort().equals(port)) {
                    return java.util.Optional.of(new Match(c, cp));
                }
            }
        }
        return java.util.Optional.empty();
    }

    private static void container(Map<String, String> t, Container c, ContainerPort cp) {
        put(t, "pod_container_name", c.getName());
        put(t, "pod_container_image", c.getImage());
        put(t, "pod_container_port_name", cp.getName());
        put(t, "pod_container_port_number", String.valueOf(cp.getContainerPort()));
        put(t, "pod_container_port_protocol", cp.getProtocol() == null ? "TCP" : cp.getProtocol());
        put(t, "pod_container_init", "false");
    }

    private static List<ContainerPort> ports(Container c) {
        return c.getPorts() == null ? List.of() : c.getPorts();
    }

    private static String ip(Pod pod) {
        String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        return ip == null || ip.isEmpty() ? null : ip;
    }

    private static Map<String, String> service(Service s) {
        Map<String, String> t = new HashMap<>();
        put(t, "namespace", s.getMetadata().getNamespace());
        put(t, "service_name", s.getMetadata().getName());
        labels(t, "service_", s);
        return t;
    }

    private static Map<String, String> pod(Pod pod) {
        Map<String, String> t = new HashMap<>();
        put(t, "namespace", pod.getMetadata().getNamespace());
        put(t, "pod_name", pod.getMetadata().getName());
        put(t, "pod_ip", ip(pod));
        labels(t, "pod_", pod);
        var status = pod.getStatus();
        put(t, "pod_phase", status == null ? null : status.getPhase());
        put(t, "pod_host_ip", status == null ? null : status.getHostIP());
        put(t, "pod_node_name", pod.getSpec().getNodeName());
        put(t, "pod_uid", pod.getMetadata().getUid());
        String ready = "unknown";
        if (status != null && status.getConditions() != null) {
            for (var c : status.getConditions()) {
                if ("Ready".equals(c.getType())) {
                    ready = c.getStatus().toLowerCase(java.util.Locale.ROOT);
                }
            }
        }
        put(t, "pod_ready", ready);
        for (OwnerReference o : pod.getMetadata().getOwnerReferences() == null ? List.<OwnerReference>of() : pod.getMetadata().getOwnerReferences()) {
            if (Boolean.TRUE.equals(o.getController())) {
                put(t, "pod_controller_kind", o.getKind());
                put(t, "pod_controller_name", o.getName());
            }
        }
        return t;
    }

    private static void labels(Map<String, String> t, String prefix, HasMetadata o) {
        map(t, prefix + "label_", prefix + "labelpresent_", o.getMetadata().getLabels());
        map(t, prefix + "annotation_", prefix + "annotationpresent_", o.getMetadata().getAnnotations());
    }

    private static void map(Map<String, String> t, String value, String present, Map<String, String> m) {
        if (m != null) {
            m.forEach((k, v) -> {
                t.put(META + value + sanitize(k), v);
                t.put(META + present + sanitize(k), "true");
            });
        }
    }

    private static void put(Map<String, String> t, String name, String value) {
        if (value != null) {
            t.put(META + name, value);
        }
    }

    /** strutil.SanitizeLabelName: every character outside [a-zA-Z0-9_] becomes '_'. */
    static String sanitize(String name) {
        return name.replaceAll("[^a-zA-Z0-9_]", "_");
    }

    static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
