package obs.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Coverage follows each job's relabelling over the meta labels Prometheus would attach, with the shipped
 * prometheus.yml, in memory: the stack's own jobs keep on the Service's app.kubernetes.io/name label and the
 * EndpointSlice port name in Prometheus' own namespace only.
 */
class CoverageRulesTest {
    static final ScrapeConfig SHIPPED = ScrapeConfig.parse("prometheus.yml", Lab.read("manifests/prometheus/prometheus.yml"));

    record Objects(Service service, EndpointSlice slice, Pod pod) {
    }

    static Objects app(String ns, String name, Map<String, String> labels, String portName, int port, Map<String, String> podAnnotations, String phase) {
        Service s = new ServiceBuilder().withNewMetadata().withName(name).withNamespace(ns).withLabels(labels).endMetadata()
                .withNewSpec().withSelector(Map.of("app", name)).addNewPort().withName(portName).withPort(port).endPort()
                .withClusterIP("10.43.0.9").endSpec().build();
        Pod p = new PodBuilder().withNewMetadata().withName(name + "-0").withNamespace(ns).withLabels(Map.of("app", name))
                .withAnnotations(podAnnotations).endMetadata().withNewSpec().addNewContainer().withName(name).withImage("x:1")
                .withPorts(new ContainerPortBuilder().withName(portName).withContainerPort(port).build()).endContainer().endSpec()
                .withNewStatus().withPhase(phase).withPodIP("10.42.0.9").endStatus().build();
        EndpointSlice e = new EndpointSliceBuilder().withNewMetadata().withName(name + "-x").withNamespace(ns)
                .withLabels(Map.of(Inventory.SERVICE_NAME_LABEL, name)).endMetadata().withAddressType("IPv4")
                .addNewEndpoint().withAddresses("10.42.0.9").withNewTargetRef().withKind("Pod").withName(name + "-0").endTargetRef().endEndpoint()
                .addNewPort().withName(portName).withPort(port).endPort().build();
        return new Objects(s, e, p);
    }

    static Finding cover(Objects o) {
        Inventory inv = new Inventory(List.of(o.service()), List.of(o.slice()), List.of(o.pod()));
        return new Coverage(SHIPPED, "obs", Teams.none(), Map.of()).findings(inv).getFirst();
    }

    @Test
    void theStacksOwnJobsMatchOnNameLabelAndPortNameInTheirNamespace() {
        Map<String, String> grafana = Map.of("app.kubernetes.io/name", "grafana");
        assertEquals(List.of("grafana"), cover(app("obs", "grafana", grafana, "http", 3000, Map.of(), "Running")).monitoredBy());
        assertEquals(List.of(), cover(app("obs", "grafana", grafana, "web", 3000, Map.of(), "Running")).monitoredBy(), "port name");
        assertEquals(List.of(), cover(app("other", "grafana", grafana, "http", 3000, Map.of(), "Running")).monitoredBy(), "own_namespace");
    }

    @Test
    void annotatedPodsAreScrapedOnlyInTheListedNamespacesAndWhileRunning() {
        Map<String, String> scrape = Map.of("prometheus.io/scrape", "true");
        assertEquals(List.of("kubernetes-pods"), cover(app("cxtm", "a", Map.of(), "tcp", 9000, scrape, "Running")).monitoredBy());
        assertEquals(List.of(), cover(app("cxtm", "a", Map.of(), "tcp", 9000, scrape, "Pending")).monitoredBy(), "phase dropped");
        assertEquals(List.of(), cover(app("cxtm", "a", Map.of(), "tcp", 9000, Map.of("prometheus.io/scrape", "false"), "Running")).monitoredBy());
        assertEquals(List.of(), cover(app("apps", "a", Map.of(), "tcp", 9000, scrape, "Running")).monitoredBy(), "namespace not listed");
    }

    @Test
    void staticTargetsCountByServiceNameOrAddress() {
        Objects web = app("cxtm", "cxtm-web", Map.of(), "http", 8080, Map.of(), "Running");
        for (String target : List.of("http://cxtm-web.cxtm.svc:8080/health", "cxtm-web.cxtm.svc.cluster.local:8080", "CXTM-WEB.cxtm:8080",
                "10.43.0.9:8080", "10.42.0.9")) {
            Map<String, List<ScrapeConfig.Group>> files = Map.of("static-probes.json",
                    List.of(new ScrapeConfig.Group(List.of(target), Map.of("module", "http_2xx"))));
            Inventory inv = new Inventory(List.of(web.service()), List.of(web.slice()), List.of(web.pod()));
            assertEquals(List.of("blackbox"), new Coverage(SHIPPED, "obs", Teams.none(), files).findings(inv).getFirst().monitoredBy(), target);
        }
        assertEquals("cxtm-web-2.cxtm.svc", Coverage.host("cxtm-web-2.cxtm.svc:80"));
        assertEquals("fd00::1", Coverage.host("[fd00::1]:80"));
    }
}
