package obs.values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import obs.core.Exit;
import obs.core.ObsException;
import obs.render.Rendering;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Profiles, values files and --set resolve in order, and every bad input is one line that says where. */
class ValuesTest {
    static Path values(String name) {
        return Rendering.root().resolve("tests/resources/install").resolve(name);
    }

    static Values resolve(String profile, List<String> files, String... sets) {
        return Rendering.set().profiles().resolve(profile, files.stream().map(ValuesTest::values).toList(), List.of(sets), null);
    }

    static String error(String profile, List<String> files, String... sets) {
        ObsException e = assertThrows(ObsException.class, () -> resolve(profile, files, sets));
        assertEquals(Exit.USAGE, e.exit(), e.getMessage());
        return e.getMessage().replace(values("").toString() + "/", "");
    }

    @Test
    void theLabProfileOverridesTheBase() {
        Values v = resolve("calo-lab", List.of());
        assertEquals("ao", v.namespace());
        assertEquals("medium", v.size());
        assertEquals("longhorn-single", v.preferredStorageClass());
        assertEquals(Map.of("ao-node", "observability"), v.nodeSelector());
        assertEquals(true, v.components().get("redis-exporter"));
        assertEquals(true, v.components().get("tempo"), "keys the profile leaves out keep the base value");
        assertEquals("30d", v.retention().metrics());
    }

    @Test
    void valuesFilesMergeMapsAndReplaceLists() {
        Values v = resolve("calo-lab", List.of("values-lab.yaml"));
        assertEquals("large", v.size());
        assertEquals(Map.of("ao-node", "observability", "kubernetes.io/os", "linux"), v.nodeSelector());
        assertEquals(List.of("9.9.9.9"), v.smokepingTargets());
        assertEquals(Map.of("memoryLimit", "12Gi"), v.resources().get("prometheus"));
        assertEquals(new Values.Exposure("NodePort", 30300, "", ""), v.grafana());
        assertEquals(values("values-lab.yaml") + ":2:7", v.origin("size"));
    }

    @Test
    void setWinsOverFilesAndParsesByTheKeysType() {
        Values v = resolve("calo-lab", List.of("values-lab.yaml"), "size=small", "smokeping.targets=1.1.1.1, 8.8.4.4",
                "nodeSelector[topology.kubernetes.io/zone]=lab-a", "components.tempo=false", "probes.icmp=",
                "exposure.grafana.nodePort=0");
        assertEquals("small", v.size());
        assertEquals(List.of("1.1.1.1", "8.8.4.4"), v.smokepingTargets());
        assertEquals("lab-a", v.nodeSelector().get("topology.kubernetes.io/zone"));
        assertEquals(false, v.components().get("tempo"));
        assertEquals(List.of(), v.probes().get("icmp"));
        assertEquals("--set size=small", v.origin("size"));
    }

    @Test
    void theCommandLineNamespaceWinsLast() {
        Values v = Rendering.set().profiles().resolve("calo-lab", List.of(), List.of("namespace=other"), "monitoring");
        assertEquals("monitoring", v.namespace());
        assertEquals("the NAMESPACE argument", v.origin("namespace"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "values-typo.yaml       | values-typo.yaml:4:3: unknown key 'log' (expected one of: metrics, logs, traces)",
            "values-malformed.yaml  | values-malformed.yaml:4:1: invalid YAML: expected ',' or ']', but got <stream end>",
            "values-wrong-type.yaml | values-wrong-type.yaml:2:10: expected true or false, found 'maybe'",
            "values-duplicate.yaml  | values-duplicate.yaml:4:3: duplicate key 'metrics'",
            "values-null.yaml       | values-null.yaml:1:13: null is not allowed: leave the key out to keep the earlier value",
            "values-bad-size.yaml   | values-bad-size.yaml:2:7: unknown size 'huge' (sizes.yaml has: small, medium, large)",
            "missing.yaml           | missing.yaml: no such values file",
    })
    void badValuesFilesSayFileAndLine(String file, String message) {
        assertEquals(message, error("default", List.of(file)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "sizee=small                    | --set sizee=small: unknown key 'sizee' (expected one of: namespace, clusterName, size, storage, nodeSelector, tolerations, components, retention, scrapeIntervals, resources, discovery, probes, smokeping, mtr, databases, exposure, alerting)",
            "size=huge                      | --set size=huge: unknown size 'huge' (sizes.yaml has: small, medium, large)",
            "size                           | --set size: expected KEY=VALUE, e.g. --set size=medium",
            "components.grafna=false        | --set components.grafna=false: unknown component 'grafna' (known: prometheus, alertmanager, grafana, loki, alloy, tempo, node-exporter, kube-state-metrics, pushgateway, blackbox-exporter, smokeping, mtr-analyzer, discovery, mariadb-exporter, redis-exporter, backup, network-policies)",
            "components.tempo=yes           | --set components.tempo=yes: components.tempo: expected true or false, found 'yes'",
            "mtr.targets=a                  | --set mtr.targets=a: 'mtr.targets' is a list of objects: set it in a values file (-f)",
            "exposure=NodePort              | --set exposure=NodePort: 'exposure' is a section: set one of its keys (exposure.KEY=VALUE)",
            "size.small=x                   | --set size.small=x: 'size' is a value, not a section",
            "probes.icmpv9=1.1.1.1          | --set probes.icmpv9=1.1.1.1: unknown blackbox module 'icmpv9'",
            "retention.metrics=30 days      | --set retention.metrics=30 days: retention.metrics: invalid duration '30 days' (use e.g. 500ms, 10s, 2m, 1h)",
            "retention.logs=36h             | --set retention.logs=36h: retention.logs must be a whole number of days (Loki deletes by daily index), found 36h",
            "namespace=Bad_NS               | --set namespace=Bad_NS: namespace: invalid name 'Bad_NS': use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit",
            "exposure.grafana.type=Ingress  | --set exposure.grafana.type=Ingress: exposure.grafana.host is required with type Ingress",
            "exposure.grafana.nodePort=31000 | --set exposure.grafana.nodePort=31000: nodePort applies only to type NodePort (type is ClusterIP)",
            "resources.grafana.storage=5Gi  | --set resources.grafana.storage=5Gi: grafana has no storage (only cpuRequest, cpuLimit, memoryRequest, memoryLimit)",
            "alerting.emailTo=ops@lab.example | --set alerting.emailTo=ops@lab.example: e-mail alerts also need alerting.smtpSmarthost and alerting.emailFrom",
            "discovery.namespaces=          | --set discovery.namespaces=: discovery.namespaces: needs at least 1 element",
    })
    void badSetSaysWhichArgument(String set, String message) {
        String actual = error("default", List.of(), set);
        if (message.endsWith("'icmpv9'")) {
            assertEquals(message, actual.substring(0, message.length()));
        } else {
            assertEquals(message, actual);
        }
    }

    @Test
    void unknownProfileListsTheProfiles() {
        assertEquals("unknown profile 'lab' (profiles: calo-lab, default)", error("lab", List.of()));
    }
}
