package obs.values;

import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import obs.values.ValueTree.Leaf;

/**
 * The resolved values of one installation: default.yaml, then the profile, values files and --set, merged
 * and checked. Keys and meanings are those of manifests/profiles/README.md.
 */
public record Values(String namespace, String clusterName, String size, String preferredStorageClass,
                     Map<String, String> nodeSelector, List<Toleration> tolerations, Map<String, Boolean> components,
                     Retention retention, Intervals scrapeIntervals, Map<String, Map<String, String>> resources,
                     List<String> discoveryNamespaces, Map<String, List<String>> probes, List<String> smokepingTargets,
                     List<MtrTarget> mtrTargets, String redisAddress, Exposure grafana, Alerting alerting,
                     Map<String, Object> tree) {

    /** How long each store keeps data, as Prometheus durations. */
    public record Retention(String metrics, String logs, String traces) {
    }

    /** Scrape intervals by job class. */
    public record Intervals(String defaultInterval, String infrastructure, String network) {
    }

    /** One path the mtr-analyzer traces. */
    public record MtrTarget(String name, String host) {
    }

    /** How Grafana is reached from outside the cluster. */
    public record Exposure(String type, int nodePort, String host, String ingressClassName) {
    }

    /** Non-secret receiver settings; an empty value drops that integration. */
    public record Alerting(String webhookUrl, String emailTo, String emailFrom, String smtpSmarthost, String smtpUsername,
                           Map<String, String> slackChannels) {
    }

    /**
     * One team of discovery.teams: Services whose namespace, name or a label value (of the Service or its pods)
     * matches the team's regular expression belong to it; an empty expression matches nothing.
     */
    public record DiscoveryTeam(String name, String namespaces, String services, Map<String, String> labels, String origin) {
    }

    /** discovery.teams in profile order. */
    public List<DiscoveryTeam> discoveryTeams() {
        List<DiscoveryTeam> out = new java.util.ArrayList<>();
        ValueTree.section(tree, "discovery.teams").forEach((name, v) -> {
            Map<?, ?> team = (Map<?, ?>) v;
            Map<String, String> labels = new LinkedHashMap<>();
            if (team.get("labels") instanceof Map<?, ?> m) {
                m.forEach((k, l) -> labels.put((String) k, (String) ((Leaf) l).value()));
            }
            out.add(new DiscoveryTeam(name, text(team.get("namespaces")), text(team.get("services")), labels,
                    "discovery.teams." + name));
        });
        return out;
    }

    private static String text(Object leaf) {
        return leaf instanceof Leaf l ? (String) l.value() : "";
    }

    /** Where the value at a dotted path was set (file:line:col or the --set argument), for messages. */
    public String origin(String dotted) {
        Object node = tree;
        for (String key : dotted.split("\\.")) {
            if (!(node instanceof Map<?, ?> m) || !m.containsKey(key)) {
                return dotted;
            }
            node = m.get(key);
        }
        return node instanceof Leaf leaf ? leaf.origin() : dotted;
    }

    static Values of(Map<String, Object> tree) {
        return new Values(str(tree, "namespace"), str(tree, "clusterName"), str(tree, "size"),
                str(tree, "storage.preferredClass"), strings(tree, "nodeSelector"), tolerations(tree),
                flags(tree), new Retention(str(tree, "retention.metrics"), str(tree, "retention.logs"), str(tree, "retention.traces")),
                new Intervals(str(tree, "scrapeIntervals.default"), str(tree, "scrapeIntervals.infrastructure"),
                        str(tree, "scrapeIntervals.network")),
                resources(tree), list(tree, "discovery.namespaces"), probes(tree), list(tree, "smokeping.targets"),
                mtr(tree), str(tree, "databases.redisAddress"),
                new Exposure(str(tree, "exposure.grafana.type"), (Integer) ValueTree.leaf(tree, "exposure.grafana.nodePort").value(),
                        str(tree, "exposure.grafana.host"), str(tree, "exposure.grafana.ingressClassName")),
                new Alerting(str(tree, "alerting.webhookUrl"), str(tree, "alerting.emailTo"), str(tree, "alerting.emailFrom"),
                        str(tree, "alerting.smtpSmarthost"), str(tree, "alerting.smtpUsername"), strings(tree, "alerting.slackChannels")),
                tree);
    }

    private static String str(Map<String, Object> tree, String dotted) {
        return (String) ValueTree.leaf(tree, dotted).value();
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Map<String, Object> tree, String dotted) {
        return (List<String>) ValueTree.leaf(tree, dotted).value();
    }

    private static Map<String, String> strings(Map<String, Object> tree, String dotted) {
        Map<String, String> out = new LinkedHashMap<>();
        ValueTree.section(tree, dotted).forEach((k, v) -> out.put(k, (String) ((Leaf) v).value()));
        return out;
    }

    private static Map<String, Boolean> flags(Map<String, Object> tree) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        ValueTree.section(tree, "components").forEach((k, v) -> out.put(k, (Boolean) ((Leaf) v).value()));
        return out;
    }

    private static Map<String, Map<String, String>> resources(Map<String, Object> tree) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        ValueTree.section(tree, "resources").forEach((component, keys) -> {
            Map<String, String> row = new LinkedHashMap<>();
            ((Map<?, ?>) keys).forEach((k, v) -> row.put((String) k, (String) ((Leaf) v).value()));
            out.put(component, row);
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> probes(Map<String, Object> tree) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        ValueTree.section(tree, "probes").forEach((module, v) -> out.put(module, (List<String>) ((Leaf) v).value()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<MtrTarget> mtr(Map<String, Object> tree) {
        return ((List<Map<String, Object>>) ValueTree.leaf(tree, "mtr.targets").value()).stream()
                .map(m -> new MtrTarget((String) m.get("name"), (String) m.get("host"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Toleration> tolerations(Map<String, Object> tree) {
        return ((List<Map<String, Object>>) ValueTree.leaf(tree, "tolerations").value()).stream()
                .map(m -> new TolerationBuilder().withKey((String) m.get("key")).withOperator((String) m.get("operator"))
                        .withValue((String) m.get("value")).withEffect((String) m.get("effect"))
                        .withTolerationSeconds(m.get("tolerationSeconds") == null ? null : ((Integer) m.get("tolerationSeconds")).longValue())
                        .build())
                .toList();
    }
}
