///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Find the services in the cluster, show which are monitored and suggest (or apply) scrape and probe targets.
//JAVA 21+
//SOURCES ../lib/**.java

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import obs.cli.Cli;
import obs.cli.Console;
import obs.cli.DurationConverter;
import obs.cli.KubeOptions;
import obs.cli.OutputOptions;
import obs.cli.RepoRoot;
import obs.core.ObsException;
import obs.discover.Discovery;
import obs.kube.Kube;
import obs.manifests.ManifestSet;
import obs.probe.serve.Listen;
import obs.stack.Stack;
import obs.values.Profiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "discover", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        header = "Find the services in the cluster, show which are monitored and suggest (or apply) scrape and probe targets.",
        description = "Lists Services, EndpointSlices and Pods in the namespaces (default: every namespace you can list; "
                + "ones you cannot are skipped and named), classifies each Service (database, metrics, http, other; CXTAF/CXTM "
                + "by the profile's discovery.teams), decides from the installed Prometheus configuration which job already "
                + "scrapes or probes it, and suggests what to add. --apply writes the scrape and probe targets into the "
                + "prometheus-discovered ConfigMap (its discovery-*.json keys only); --watch keeps them current. -n names the "
                + "stack's namespace (where prometheus-config lives; default: the pod's own in a cluster, else " + KubeOptions.DEFAULT_NAMESPACE
                + "), not a namespace to look at. Exit 1: with "
                + "--fail-on-unmonitored a service is not monitored, or the stack's ConfigMaps are missing or unreadable; "
                + "exit 2: also a NAMESPACE that does not exist.",
        footer = {"%nExamples:", "  jbang discover cxtm cxtaf-cxeng -n ao", "  jbang discover -n ao --apply",
                "  jbang discover --fail-on-unmonitored -o json"})
public class Discover implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "NAMESPACE", description = "Namespaces to look at (default: every namespace you can list).")
    List<String> namespaces = new ArrayList<>();

    @Option(names = "--apply", description = "Write the suggested scrape and probe targets into the ConfigMap (only discovery's keys).")
    boolean apply;

    @Option(names = "--fail-on-unmonitored", description = "Exit 1 when a service that should be monitored is not (for CI).")
    boolean failOnUnmonitored;

    @Option(names = "--configmap", paramLabel = "NAME", defaultValue = "prometheus-discovered",
            description = "The ConfigMap Prometheus reads file_sd targets from, in the stack's namespace (-n).")
    String configMap;

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = Profiles.BASE, description = "Profile whose discovery.teams name CXTAF/CXTM.")
    String profile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a profile value, e.g. discovery.teams.cxtm.services=cxtm-.*")
    List<String> sets = new ArrayList<>();

    @Option(names = "--watch", description = "Run as the discovery controller: watch the namespaces and keep the targets current.")
    boolean watch;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "With --watch: where /metrics, /-/healthy and /-/ready are served (default: :9117, the port the discovery Service exposes).")
    String listen;

    @Option(names = "--debounce", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "With --watch: wait this long after the last change before syncing.")
    Duration debounce;

    @Option(names = "--resync", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "With --watch: sync at least this often (picks up changes to Prometheus' configuration).")
    Duration resync;

    @Mixin KubeOptions kube;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        namespaces.forEach(KubeOptions::validNamespace);
        String stackNs = kube.namespace == null ? null : kube.namespace(null);
        if (!watch && listen != null) {
            throw ObsException.usage("--listen applies only with --watch");
        }
        var values = ManifestSet.load(RepoRoot.find().resolve("manifests")).profiles().resolve(profile, List.of(), sets, null);
        var w = watch ? new Discovery.Watch(Listen.parse(listen != null ? listen : ":" + Stack.get("discovery").httpPort().number()),
                debounce, resync) : null;
        var request = new Discovery.Request(List.copyOf(namespaces), stackNs, KubeOptions.validNamespace(configMap), apply,
                failOnUnmonitored, Discovery.teams(values), w);
        return Discovery.run(request, Console.of(spec, output), () -> Kube.connect(kube));
    }

    public static void main(String... a) {
        Cli.exit(Cli.run(new Discover(), a));
    }
}
