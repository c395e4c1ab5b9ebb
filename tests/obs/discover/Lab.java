package obs.discover;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CALO-like cluster the discover tests run against: the stack in namespace {@code obs} with the shipped
 * prometheus.yml, CXTM (web, mariadb, redis, scheduler), three CXTAF namespaces, an app namespace outside
 * discovery.namespaces, and {@code secret-ns}, which the user may not list.
 */
final class Lab {
    static final String STACK = "obs";
    static final List<String> APP_NAMESPACES = List.of("apps", "cxtaf-cxeng", "cxtaf-cxeng-taa", "cxtaf-cxeng-ui", "cxtm", "secret-ns");
    /** A file of someone else's in the discovered ConfigMap: discovery must leave it alone. */
    static final String STATIC_PROBES = "[{\"targets\": [\"http://cxtaf-frontend-svc.cxtaf-cxeng.svc\"], \"labels\": {\"module\": \"cxtaf_health\"}}]\n";
    private static final java.util.concurrent.atomic.AtomicInteger IP = new java.util.concurrent.atomic.AtomicInteger(10);

    private Lab() {
    }

    static void build(LabCluster cluster) {
        KubernetesClient c = cluster.client;
        for (String ns : List.of(STACK, "apps", "cxtaf-cxeng", "cxtaf-cxeng-taa", "cxtaf-cxeng-ui", "cxtm", "secret-ns")) {
            c.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        }
        c.resource(new ConfigMapBuilder().withNewMetadata().withName("prometheus-config").withNamespace(STACK).endMetadata()
                .addToData("prometheus.yml", read("manifests/prometheus/prometheus.yml")).build()).create();
        discoveredConfigMap(c);
        cluster.api.deny("GET", "/api/v1/namespaces/secret-ns/");

        app(c, "cxtm", "cxtm-web", Map.of(), port("http", 8080), "cxtm/web:5.2", Map.of(), "http", 8080);
        app(c, "cxtm", "cxtm-mariadb", Map.of(), port("mysql", 3306), "docker.io/library/mariadb:11.4", Map.of(), "mysql", 3306);
        app(c, "cxtm", "cxtm-redis", Map.of(), port("tcp-redis", 6379), "redis:7", Map.of(), "redis", 6379);
        app(c, "cxtm", "cxtm-scheduler", Map.of(), port("tcp-sched", 9000), "cxtm/scheduler:5.2",
                Map.of("prometheus.io/scrape", "true", "prometheus.io/port", "9000"), "sched", 9000);
        app(c, "cxtaf-cxeng", "cxtaf-frontend-svc", Map.of(), port("http", 80), "cxtaf/frontend:3", Map.of(), "http", 80);
        app(c, "cxtaf-cxeng", "cxtaf-backend-svc", Map.of("prometheus.io/scrape", "true", "prometheus.io/port", "8081",
                "prometheus.io/path", "/actuator/prometheus"), port("http", 80), "cxtaf/backend:3", Map.of(), "http", 80);
        app(c, "cxtaf-cxeng-taa", "taa-api", Map.of("prometheus.io/probe", "true"), port("api", 7070), "cxtaf/taa:3", Map.of(), "api", 7070);
        app(c, "cxtaf-cxeng-ui", "cxtaf-grafana-svc", Map.of(), port("web", 80), "grafana/grafana:11", Map.of(), "web", 80);
        app(c, "apps", "orders", Map.of("prometheus.io/scrape", "true", "prometheus.io/port", "9102", "prometheus.io/scheme", "https"),
                port("api", 9102), "shop/orders:1", Map.of(), "api", 9102);
        app(c, "apps", "billing", Map.of(), port("pg", 5432), "postgres:16", Map.of(), "pg", 5432);
        app(c, "apps", "worker", Map.of(), port("grpc", 9500), "shop/worker:1", Map.of("prometheus.io/scrape", "true"), "grpc", 9500);
        app(c, "apps", "queue", Map.of(), port("amqp", 5672), "rabbitmq:3", Map.of(), "amqp", 5672);
        app(c, "secret-ns", "vault", Map.of(), port("http", 8200), "vault:1", Map.of(), "http", 8200);
    }

    /** The prometheus-discovered ConfigMap as the installer leaves it, plus one static probe of someone else's. */
    static void discoveredConfigMap(KubernetesClient c) {
        c.resource(new ConfigMapBuilder().withNewMetadata().withName("prometheus-discovered").withNamespace(STACK).endMetadata()
                .addToData("static-scrape.json", "[]\n").addToData("static-probes.json", STATIC_PROBES).build()).create();
    }

    static ServicePortBuilder port(String name, int number) {
        return new ServicePortBuilder().withName(name).withPort(number).withProtocol("TCP");
    }

    /** A Service selecting one pod (app=NAME) and the EndpointSlice the endpoints controller would write for it. */
    static void app(KubernetesClient c, String ns, String name, Map<String, String> annotations, ServicePortBuilder port,
                    String image, Map<String, String> podAnnotations, String containerPortName, int containerPort) {
        int n = IP.getAndIncrement();
        String podIp = "10.42." + (n >> 8 & 0xff) + "." + (n & 0xff);
        Service s = new ServiceBuilder().withNewMetadata().withName(name).withNamespace(ns).withAnnotations(annotations).endMetadata()
                .withNewSpec().withSelector(Map.of("app", name)).withPorts(port.build()).withClusterIP("10.43." + (n >> 8 & 0xff) + "." + (n & 0xff)).withType("ClusterIP")
                .endSpec().build();
        c.resource(s).create();
        Pod pod = new PodBuilder().withNewMetadata().withName(name + "-0").withNamespace(ns).withLabels(Map.of("app", name))
                .withAnnotations(podAnnotations).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage(image)
                .withPorts(new ContainerPortBuilder().withName(containerPortName).withContainerPort(containerPort).build()).endContainer()
                .withNodeName("node-1").endSpec()
                .withNewStatus().withPhase("Running").withPodIP(podIp).endStatus().build();
        c.resource(pod).create();
        c.resource(new EndpointSliceBuilder().withNewMetadata().withName(name + "-abcde").withNamespace(ns)
                .withLabels(new LinkedHashMap<>(Map.of("kubernetes.io/service-name", name))).endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint().withAddresses(podIp).withNewConditions().withReady(true).endConditions()
                .withNewTargetRef().withKind("Pod").withName(name + "-0").withNamespace(ns).endTargetRef().endEndpoint()
                .addNewPort().withName(port.getName()).withPort(containerPort).withProtocol("TCP").endPort().build()).create();
    }

    static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
