package obs.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import obs.cli.Cli;
import obs.probe.serve.Listen;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The discovery Deployment's arguments parse with the real command, and its RBAC grants exactly what discover does. */
class ShippedDeploymentTest {
    static Map<String, Object> yaml(String file) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Lab.read("manifests/discovery/" + file));
    }

    @SuppressWarnings("unchecked")
    static Object at(Object node, String... path) {
        for (String p : path) {
            node = p.matches("\\d+") ? ((List<Object>) node).get(Integer.parseInt(p)) : ((Map<String, Object>) node).get(p);
        }
        return node;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDeploymentsArgumentsParseAsTheToolkitsDiscoverCommand() throws ReflectiveOperationException {
        Map<String, Object> container = (Map<String, Object>) at(yaml("discovery-deployment.yaml"), "spec", "template", "spec", "containers", "0");
        List<String> args = (List<String>) container.get("args");
        CommandLine obs = Cli.commandLine(Class.forName("ObsMain").getDeclaredConstructor().newInstance());
        ParseResult discover = obs.parseArgs(args.toArray(String[]::new)).subcommand();
        assertEquals("discover", discover.commandSpec().name());
        assertTrue(discover.<Boolean>matchedOptionValue("--watch", false));
        assertTrue(discover.<Boolean>matchedOptionValue("--apply", false));
        assertEquals("prometheus-discovered", discover.matchedOptionValue("--configmap", ""));
        assertEquals(List.of("cxtaf-cxeng", "cxtaf-cxeng-taa", "cxtaf-cxeng-ui", "cxtm"), discover.matchedPositionalValue(0, List.of()));
        int port = Listen.parse(discover.matchedOptionValue("--listen", "")).getPort();
        assertEquals(port, at(container, "ports", "0", "containerPort"));
        assertEquals(port, at(yaml("discovery-service.yaml"), "spec", "ports", "0", "port"));
        assertEquals("/-/healthy", at(container, "livenessProbe", "httpGet", "path"));
    }

    @Test
    void theRoleGrantsReadingPrometheusConfigAndPatchingOnlyTheDiscoveredConfigMap() {
        assertEquals(List.of(
                Map.of("apiGroups", List.of(""), "resources", List.of("configmaps"), "resourceNames", List.of("prometheus-config"),
                        "verbs", List.of("get")),
                Map.of("apiGroups", List.of(""), "resources", List.of("configmaps"), "resourceNames", List.of("prometheus-discovered"),
                        "verbs", List.of("get", "patch"))), yaml("discovery-role.yaml").get("rules"));
        assertEquals(List.of(
                Map.of("apiGroups", List.of(""), "resources", List.of("namespaces", "pods", "services"), "verbs", List.of("get", "list", "watch")),
                Map.of("apiGroups", List.of("discovery.k8s.io"), "resources", List.of("endpointslices"), "verbs", List.of("get", "list", "watch"))),
                yaml("discovery-clusterrole.yaml").get("rules"));
        assertEquals("obs-discover", ClusterView.FIELD_MANAGER);
    }
}
