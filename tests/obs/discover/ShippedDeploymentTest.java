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
    void teamPatternsOfTheInstallReachTheControllerAsArguments() throws ReflectiveOperationException {
        var values = obs.render.Rendering.values("calo-lab", "discovery.teams.cxtm.services=cxtm-(web|api)",
                "discovery.teams.cxtm.labels.app=", "discovery.teams.payments.labels[app.kubernetes.io/part-of]=pay.*");
        var deployment = obs.render.Rendering.find(obs.render.Rendering.render(values, "longhorn-single", null),
                io.fabric8.kubernetes.api.model.apps.Deployment.class, "discovery");
        List<String> args = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs();
        assertEquals(List.of("discover", "--watch", "--apply", "--listen=0.0.0.0:9117", "--set=discovery.teams.cxtm.services=cxtm-(web|api)",
                "--set=discovery.teams.cxtm.labels.app=", "--set=discovery.teams.payments.labels[app.kubernetes.io/part-of]=pay.*",
                "--configmap=prometheus-discovered"), args.subList(0, args.indexOf("--configmap=prometheus-discovered") + 1));
        ParseResult discover = Cli.commandLine(Class.forName("ObsMain").getDeclaredConstructor().newInstance())
                .parseArgs(args.toArray(String[]::new)).subcommand();
        List<String> sets = discover.matchedOptionValue("--set", List.of());
        var inPod = obs.manifests.ManifestSet.load(java.nio.file.Path.of("manifests")).profiles()
                .resolve(discover.matchedOptionValue("--profile", "default"), List.of(), sets, null);
        assertEquals(values.discoveryTeams().stream().map(t -> List.of(t.name(), t.namespaces(), t.services(), t.labels())).toList(),
                inPod.discoveryTeams().stream().map(t -> List.of(t.name(), t.namespaces(), t.services(), t.labels())).toList());
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
