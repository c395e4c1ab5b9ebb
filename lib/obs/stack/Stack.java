package obs.stack;

import static obs.stack.Component.Tier.core;
import static obs.stack.Component.Tier.database;
import static obs.stack.Component.Tier.enhanced;
import static obs.stack.Component.Tier.infrastructure;
import static obs.stack.Component.Tier.intelligence;
import static obs.stack.Component.Tier.network;
import static obs.stack.Component.WorkloadKind.DaemonSet;
import static obs.stack.Component.WorkloadKind.Deployment;
import static obs.stack.Component.WorkloadKind.StatefulSet;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import obs.core.ObsException;
import obs.stack.Component.Local;
import obs.stack.Component.Port;

/** The component registry: the only place that knows the stack's components, ports and health paths. */
public final class Stack {
    /** Every component, in install order. */
    public static final List<Component> COMPONENTS = List.of(
            new Component("prometheus", core, StatefulSet, List.of(new Port("web", 9090)), "/-/healthy", "/-/ready",
                    new Local("prometheus", "prometheus")),
            new Component("alertmanager", core, StatefulSet, List.of(new Port("web", 9093)), "/-/healthy", "/-/ready",
                    new Local("prometheus-alertmanager", "prometheus-alertmanager")),
            new Component("grafana", core, Deployment, List.of(new Port("http", 3000)), "/api/health", "/api/health", null),
            new Component("loki", core, StatefulSet, List.of(new Port("http", 3100), new Port("grpc", 9095)), "/ready", "/ready",
                    null),
            new Component("alloy", core, DaemonSet, List.of(new Port("http", 12345)), "/-/healthy", "/-/ready", null),
            new Component("tempo", enhanced, StatefulSet, List.of(new Port("http", 3200), new Port("otlp-grpc", 4317),
                    new Port("otlp-http", 4318), new Port("jaeger-grpc", 14250), new Port("jaeger-thrift", 14268),
                    new Port("zipkin", 9411)), "/ready", "/ready", null),
            new Component("node-exporter", infrastructure, DaemonSet, List.of(new Port("metrics", 9100)), "/", "/",
                    new Local("prometheus-node-exporter", "prometheus-node-exporter")),
            new Component("kube-state-metrics", infrastructure, Deployment, List.of(new Port("http-metrics", 8080),
                    new Port("telemetry", 8081)), "/livez", "/metrics", null),
            new Component("pushgateway", infrastructure, Deployment, List.of(new Port("http", 9091)), "/-/healthy", "/-/ready",
                    new Local("prometheus-pushgateway", "prometheus-pushgateway")),
            new Component("blackbox-exporter", network, Deployment, List.of(new Port("http", 9115)), "/-/healthy", "/-/healthy",
                    new Local("prometheus-blackbox-exporter", "prometheus-blackbox-exporter")),
            new Component("smokeping", network, Deployment, List.of(new Port("http", 9374)), "/metrics", "/metrics",
                    new Local("prometheus-smokeping-prober", "prometheus-smokeping-prober")),
            new Component("mtr-analyzer", network, Deployment, List.of(new Port("http", 9116)), "/-/healthy", "/-/ready",
                    Local.obsCommand()),
            new Component("discovery", intelligence, Deployment, List.of(new Port("http", 9117)), "/-/healthy", "/-/healthy",
                    null),
            new Component("mariadb-exporter", database, Deployment, List.of(new Port("metrics", 9104)), "/metrics", "/metrics",
                    null),
            new Component("redis-exporter", database, Deployment, List.of(new Port("metrics", 9121)), "/metrics", "/metrics",
                    null));

    /** Parts of Kubernetes that Prometheus scrapes (their job names in prometheus.yml); obs does not deploy them. */
    public static final List<String> KUBERNETES_SOURCES = List.of("kubernetes-apiservers", "kubelet", "cadvisor");

    /** Folder of the metric-name lists: one file per component or Kubernetes source, for what the sandbox cannot run. */
    public static final String METRIC_LISTS = "manifests/metrics";

    private Stack() {
    }

    /** The list of metric names a component or Kubernetes source produces at its pinned version. */
    public static String metricList(String source) {
        return METRIC_LISTS + "/" + source + ".txt";
    }

    public static Optional<Component> find(String name) {
        return COMPONENTS.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The named component, or a usage error listing the known names. */
    public static Component get(String name) {
        return find(name).orElseThrow(() -> ObsException.usage("unknown component '" + name + "' (known: "
                + names() + ")"));
    }

    public static String names() {
        return COMPONENTS.stream().map(Component::name).collect(Collectors.joining(", "));
    }
}
