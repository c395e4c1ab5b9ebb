///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Run the read-only diagnosis steps of an alert's or check's runbook and save the evidence.
//JAVA 21+
//SOURCES ../lib/**.java

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import obs.access.AccessOptions;
import obs.cli.Cli;
import obs.cli.Console;
import obs.cli.DurationConverter;
import obs.cli.KubeOptions;
import obs.cli.OutputOptions;
import obs.cli.RepoRoot;
import obs.core.ObsException;
import obs.exec.Tools;
import obs.runbook.Catalog;
import obs.runbook.Evidence;
import obs.runbook.RunbookList;
import obs.runbook.RunbookRun;
import obs.runbook.Runbooks;
import obs.runbook.StepRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "runbook", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        header = "Run the read-only diagnosis steps of an alert's or check's runbook and save the evidence.",
        description = "Finds runbooks/alerts/ALERT.md, an incident page or a check's section, runs its Diagnosis steps that only "
                + "read (obs commands, kubectl get/describe/logs/..., curl and wget GETs) each with a deadline, shows every "
                + "command and its result, and prints the steps that would change something for a person instead of running them.",
        footer = {"%nExamples:", "  jbang runbook --list", "  jbang runbook prometheus-ready ao --evidence /tmp/prometheus-ready.tar.gz",
                "  jbang runbook alertmanager-ready --sandbox"})
public class Runbook implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ALERT|CHECK", description = "Alert name, incident page or check id.")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAMESPACE",
            description = "Namespace of the stack (default: " + KubeOptions.DEFAULT_NAMESPACE + ").")
    String namespace;

    @Option(names = "--list", description = "List the runbooks (alerts, incidents, checks) instead of running one.")
    boolean list;

    @Option(names = "--evidence", paramLabel = "DIR|FILE.tar.gz",
            description = "Write the evidence bundle here: a new folder, or a .tar.gz file.")
    Path evidence;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Deadline of each step.")
    Duration timeout;

    @Mixin AccessOptions access;
    @Mixin KubeOptions kube;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        Console console = Console.of(spec, output);
        Path repo = RepoRoot.find();
        Runbooks runbooks = Runbooks.load(repo);
        if (list) {
            if (name != null) {
                throw ObsException.usage("--list takes no runbook name");
            }
            return RunbookList.render(runbooks.list(), console);
        }
        if (name == null) {
            throw ObsException.usage("name an alert or check (ALERT|CHECK), or give --list");
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw ObsException.usage("--timeout must be positive");
        }
        var runbook = runbooks.find(name);
        runbook.diagnosis();
        Evidence bundle = evidence == null ? null : new Evidence(evidence);
        Catalog catalog = Catalog.load(repo);
        try (var target = RunbookRun.Target.open(kube, namespace, access, console)) {
            var runner = new StepRunner(new StepRunner.Setup(repo, catalog, timeout, Tools::find, target.clusterArgs()));
            return RunbookRun.run(runbook, catalog, target, runner, bundle, console).exit();
        }
    }

    public static void main(String... args) {
        Cli.exit(Cli.run(new Runbook(), args));
    }
}
