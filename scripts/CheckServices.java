///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Check that every installed observability component is running and healthy.
//JAVA 21+
//SOURCES ../lib/**.java

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import obs.access.EndpointOption;
import obs.access.Endpoints;
import obs.access.EndpointsFile;
import obs.access.StackAccess;
import obs.checks.Report;
import obs.checks.ServiceChecks;
import obs.cli.Cli;
import obs.cli.Console;
import obs.cli.DurationConverter;
import obs.cli.KubeOptions;
import obs.cli.OutputOptions;
import obs.cli.RepoRoot;
import obs.core.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check-services", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        header = "Check that every installed observability component is running and healthy.",
        description = "Runs the checks in checks/ for every installed component in parallel. HTTP and PromQL checks reach "
                + "components through --endpoint overrides, the endpoints file, in-cluster DNS, or a port-forward (or the API server's service proxy with --via proxy).",
        footer = {"%nExamples:", "  jbang check-services ao", "  jbang check-services --sandbox -o json",
                "  jbang check-services --component prometheus --endpoint prometheus=http://127.0.0.1:9090"})
public class CheckServices implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAMESPACE",
            description = "Namespace of the stack (default: " + KubeOptions.DEFAULT_NAMESPACE + ").")
    String namespace;

    @Option(names = "--component", split = ",", paramLabel = "NAME", description = "Check only these components.")
    List<String> components = new ArrayList<>();

    @Option(names = "--endpoint", paramLabel = "NAME=URL", converter = EndpointOption.Converter.class,
            description = "Reach component NAME at URL (repeatable).")
    List<EndpointOption> endpoints = new ArrayList<>();

    @Option(names = "--sandbox", description = "Check the local sandbox stack (its endpoints file).")
    boolean sandbox;

    @Option(names = "--endpoints-file", paramLabel = "FILE", description = "Use this endpoints file (implies --sandbox).")
    Path endpointsFile;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The sandbox's state folder, as given to 'sandbox up --state-dir' (implies --sandbox).")
    Path stateDir;

    @Option(names = "--via", paramLabel = "port-forward|proxy", defaultValue = "port-forward", converter = Endpoints.ViaConverter.class,
            description = "How to reach components from outside the cluster: port-forward, or the API server's service proxy.")
    Endpoints.Via via;

    @Option(names = "--watch", description = "Re-run every --interval until interrupted.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.Interval.class,
            description = "Interval for --watch (at least 1s).")
    Duration interval;

    @Mixin KubeOptions kube;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        Console console = Console.of(spec, output);
        Path file = EndpointsFile.chosen(endpointsFile, stateDir, sandbox);
        Path checks = RepoRoot.find().resolve("checks");
        try (StackAccess stack = StackAccess.open(kube, namespace, endpoints, file, via)) {
            while (true) {
                if (watch) {
                    console.info("check-services at " + java.time.LocalTime.now().withNano(0) + " (every " + Durations.format(interval) + ", Ctrl-C to stop)");
                }
                Report report = ServiceChecks.run(checks, components, stack.installed(), stack.mode(), stack.namespace(),
                        stack.kube(), stack.endpoints());
                report.render(console);
                if (!watch) {
                    return report.exit().code;
                }
                try {
                    Thread.sleep(interval.toMillis());
                } catch (InterruptedException e) {
                    return report.exit().code;
                }
            }
        }
    }

    public static void main(String... args) {
        System.exit(Cli.run(new CheckServices(), args));
    }
}
