///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Prove that every pipeline of the stack carries data end to end: a metric, a log line, a trace and an alert.
//JAVA 21+
//SOURCES ../lib/**.java

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import obs.access.AccessOptions;
import obs.access.StackAccess;
import obs.cli.Cli;
import obs.cli.Console;
import obs.cli.DurationConverter;
import obs.cli.KubeOptions;
import obs.cli.OutputOptions;
import obs.cli.RepoRoot;
import obs.core.Durations;
import obs.grafana.GrafanaOptions;
import obs.verify.Run;
import obs.verify.StepName;
import obs.verify.Verifier;
import obs.verify.VerifyOptions;
import obs.verify.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "verify-installation", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        header = "Prove that every pipeline of the stack carries data end to end: a metric, a log line, a trace and an alert.",
        description = {"Steps, run in parallel: components, metrics, logs, traces, correlation, alerts, grafana, network. "
                + "Every synthetic signal carries the run id printed at the start, so concurrent runs do not mix. Components are "
                + "reached as check-services reaches them (--endpoint, the endpoints file, in-cluster DNS, port-forward or --via proxy)."},
        footer = {"%nExamples:", "  jbang verify-installation ao", "  jbang verify-installation --sandbox --junit verify.xml",
                "  jbang verify-installation ao --only metrics,alerts --timeout 1m -o json"})
public class VerifyInstallation implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAMESPACE",
            description = "Namespace of the stack (default: " + KubeOptions.DEFAULT_NAMESPACE + ").")
    String namespace;

    @Option(names = "--only", split = ",", paramLabel = "STEP", description = "Run only these steps.")
    List<String> only = new ArrayList<>();

    @Option(names = "--skip", split = ",", paramLabel = "STEP", description = "Do not run these steps.")
    List<String> skip = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2m", converter = DurationConverter.class,
            description = "Bound on the whole run; each step polls its pipeline until then.")
    Duration timeout;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the result as JUnit XML (one test case per step).")
    Path junit;

    @Mixin AccessOptions access;
    @Mixin GrafanaOptions grafanaOptions;

    @Mixin KubeOptions kube;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        Console console = Console.of(spec, output);
        List<StepName> steps = VerifyOptions.steps(only, skip);
        VerifyOptions.checkJunitTarget(junit);
        var grafana = grafanaOptions.auth();
        try (StackAccess stack = access.open(kube, namespace)) {
            Run run = Run.start(stack, RepoRoot.find(), timeout, grafana);
            console.info("verify-installation run " + run.id() + " (trace id " + run.traceId() + "): "
                    + steps.size() + " step(s), at most " + Durations.format(timeout));
            VerifyReport report = Verifier.run(run, steps, timeout);
            report.render(console);
            if (junit != null) {
                obs.verify.JunitXml.write(junit, report);
                console.info("JUnit XML written to " + junit);
            }
            return report.exit().code;
        }
    }

    public static void main(String... args) {
        Cli.exit(Cli.run(new VerifyInstallation(), args));
    }
}
