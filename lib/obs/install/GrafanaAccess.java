package obs.install;

import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import obs.manifests.Rendered;
import obs.stack.Stack;

/** How to reach Grafana once it runs: through the API server, a node port or the Ingress. */
final class GrafanaAccess {
    private static final String GRAFANA = Stack.get("grafana").name();

    private GrafanaAccess() {
    }

    /** One line with the URL (or the port-forward that gives one) and where the password is. */
    static Optional<String> describe(KubernetesClient client, String namespace, Rendered rendered) {
        Optional<Service> service = rendered.objects().stream().filter(o -> o instanceof Service s
                && s.getMetadata().getName().equals(GRAFANA)).map(Service.class::cast).findFirst();
        if (service.isEmpty()) {
            return Optional.empty();
        }
        Service s = service.get();
        int port = s.getSpec().getPorts().getFirst().getPort();
        String name = s.getMetadata().getName();
        String url;
        Optional<Ingress> ingress = rendered.objects().stream().filter(o -> o instanceof Ingress).map(Ingress.class::cast).findFirst();
        if (ingress.isPresent()) {
            url = "http://" + ingress.get().getSpec().getRules().getFirst().getHost() + "/";
        } else if ("NodePort".equals(s.getSpec().getType())) {
            Integer nodePort = nodePort(client, namespace, name);
            url = "http://" + nodeAddress(client) + ":" + (nodePort == null ? "NODE_PORT" : nodePort) + "/";
        } else {
            url = "http://localhost:" + port + "/ after: kubectl -n " + namespace + " port-forward svc/" + name + " " + port + ":" + port;
        }
        return Optional.of("Grafana: " + url + " (user " + AdminSecret.USER + ", password: kubectl -n " + namespace + " get secret "
                + AdminSecret.NAME + " -o jsonpath='{.data." + AdminSecret.PASSWORD_KEY + "}' | base64 -d)");
    }

    /** The port Kubernetes gave the Service, or null when it cannot be read (the line then says NODE_PORT). */
    private static Integer nodePort(KubernetesClient client, String namespace, String name) {
        try {
            Service live = client.services().inNamespace(namespace).withName(name).get();
            return live == null ? null : live.getSpec().getPorts().getFirst().getNodePort();
        } catch (KubernetesClientException e) {
            return null;
        }
    }

    private static String nodeAddress(KubernetesClient client) {
        try {
            return client.nodes().list().getItems().stream().flatMap(n -> n.getStatus().getAddresses().stream())
                    .filter(a -> "InternalIP".equals(a.getType())).map(NodeAddress::getAddress).findFirst().orElse("NODE_IP");
        } catch (KubernetesClientException e) {
            return "NODE_IP";
        }
    }
}
