package obs.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.util.Map;
import obs.stack.Component;
import obs.stack.Stack;
import org.junit.jupiter.api.Test;

/** The order in which obs reaches a component: override, in-cluster DNS, then the API server's service proxy. */
class EndpointsTest {
    static final Component PROM = Stack.get("prometheus");
    static final Component KSM = Stack.get("kube-state-metrics");

    @Test
    void overrideWinsForTheMainPortOnly() {
        try (KubernetesClient kube = client()) {
            Endpoints e = new Endpoints(Map.of("prometheus", URI.create("http://127.0.0.1:19090/")), kube, "ao", true);
            assertEquals("http://127.0.0.1:19090/-/ready", e.route(PROM, PROM.httpPort()).orElseThrow().describe("/-/ready"));
        }
    }

    @Test
    void inClusterUsesServiceDns() {
        try (KubernetesClient kube = client()) {
            Endpoints e = new Endpoints(Map.of(), kube, "ao", true);
            assertEquals("http://kube-state-metrics.ao.svc:8081/metrics",
                    e.route(KSM, KSM.ports().get(1)).orElseThrow().describe("/metrics"));
        }
    }

    @Test
    void outsideTheClusterPortForwardsByDefault() {
        try (KubernetesClient kube = client()) {
            Endpoints e = new Endpoints(Map.of(), kube, "ao", false);
            assertEquals("port-forward svc/prometheus:9090/-/ready", e.route(PROM, PROM.httpPort()).orElseThrow().describe("/-/ready"));
        }
    }

    @Test
    void orThroughTheApiServerProxyWhenAskedTo() {
        try (KubernetesClient kube = client()) {
            Endpoints e = new Endpoints(Map.of(), kube, "ao", false, Endpoints.Via.proxy);
            assertEquals("https://10.1.2.3:6443/api/v1/namespaces/ao/services/prometheus:9090/proxy/-/ready",
                    e.route(PROM, PROM.httpPort()).orElseThrow().describe("/-/ready"));
        }
    }

    @Test
    void withoutClusterOrOverrideThereIsNoRoute() {
        assertTrue(new Endpoints(Map.of(), null, null, false).route(PROM, PROM.httpPort()).isEmpty());
    }

    private static KubernetesClient client() {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl("https://10.1.2.3:6443").build()).build();
    }
}
