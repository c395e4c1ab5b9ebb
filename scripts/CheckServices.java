///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Check that every installed observability component is running and healthy.
//JAVA 21+
//SOURCES ../lib/**.java

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import obs.access.AccessOptions;
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

    @Mixin AccessOptions access;

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
        Path checks = RepoRoot.find().resolve("checks");
        try (StackAccess stack = access.open(kube, namespace)) {
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
        Cli.exit(Cli.run(new CheckServices(), args));
    }
}
