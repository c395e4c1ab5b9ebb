package obs.discover;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import obs.cli.Console;
import obs.cli.KubeOptions;
import obs.core.Exit;
import obs.discover.ClusterView.Skipped;
import obs.discover.ClusterView.StackConfig;
import obs.discover.ScrapeConfig.Group;
import obs.kube.Kube;

/** The discover command: one report (and --apply), or the --watch controller. */
public final class Discovery {
    /**
     * What to do.
     *
     * @param namespaces     the namespaces to look at; empty for every namespace the user can list
     * @param stackNamespace where Prometheus' ConfigMaps are; null for the pod's own namespace in a cluster, else the default
     */
    public record Request(List<String> namespaces, String stackNamespace, String configMap, boolean apply,
                          boolean failOnUnmonitored, Teams teams, Watch watch) {
    }

    /** The --watch settings; null for a single report. */
    public record Watch(InetSocketAddress listen, Duration debounce, Duration resync) {
    }

    private Discovery() {
    }

    /** The team patterns of the resolved profile. */
    public static Teams teams(obs.values.Values values) {
        return Teams.of(values.discoveryTeams());
    }

    public static int run(Request r, Console console, Supplier<KubernetesClient> connect) throws InterruptedException {
        try (KubernetesClient client = connect.get()) {
            String stackNs = r.stackNamespace() != null ? r.stackNamespace()
                    : Kube.inCluster(System.getenv()) && client.getNamespace() != null ? client.getNamespace() : KubeOptions.DEFAULT_NAMESPACE;
            if (r.watch() != null) {
                return Controller.run(r, stackNs, client, console);
            }
            ClusterView view = new ClusterView(client);
            List<String> namespaces = view.namespaces(r.namespaces(), true);
            List<Skipped> skipped = new ArrayList<>();
            Inventory inv = view.list(namespaces, skipped::add);
            skipped.forEach(s -> console.warn("namespace " + s.namespace() + " skipped: cannot list it (" + s.reason() + ")"));
            StackConfig config = view.stackConfig(stackNs, r.configMap(), console::warn);
            Coverage coverage = coverage(config, stackNs, r.teams(), console);
            List<Finding> findings = coverage.findings(inv);
            if (r.apply()) {
                Map<String, String> files = FileSd.render(findings);
                boolean wrote = view.write(stackNs, r.configMap(), config.discovered(), files);
                console.info(wrote ? "wrote " + count(findings, Finding.Type.scrape) + " scrape and " + count(findings, Finding.Type.probe)
                        + " probe targets into ConfigMap " + stackNs + "/" + r.configMap()
                        : "ConfigMap " + stackNs + "/" + r.configMap() + " already holds these targets");
                findings = new Coverage(config.scrape(), stackNs, r.teams(), withFiles(config, files)).findings(inv);
            }
            Report report = new Report(findings, skipped);
            report.print(console);
            return r.failOnUnmonitored() && report.anyUncovered() ? Exit.PROBLEM.code : Exit.OK.code;
        }
    }

    static Coverage coverage(StackConfig config, String stackNs, Teams teams, Console console) {
        Coverage coverage = new Coverage(config.scrape(), stackNs, teams, config.files());
        coverage.unevaluated().forEach(job -> console.warn("job " + job + " discovers with selectors or in another cluster, "
                + "which discover does not evaluate: its coverage is not counted"));
        return coverage;
    }

    /** The ConfigMap's files with discovery's own replaced by {@code files}. */
    static Map<String, List<Group>> withFiles(StackConfig config, Map<String, String> files) {
        Map<String, List<Group>> all = new HashMap<>(config.files());
        files.forEach((k, v) -> all.put(k, FileSd.parse(v)));
        return all;
    }

    static long count(List<Finding> findings, Finding.Type type) {
        return findings.stream().flatMap(f -> f.suggestions().stream()).filter(s -> s.type() == type).count();
    }
}
