///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Probe network targets (http, tcp, tls, dns, icmp, path) with blackbox-compatible modules.
//JAVA 21+
//SOURCES ../lib/**.java

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import obs.cli.Cli;
import obs.cli.Console;
import obs.cli.DurationConverter;
import obs.cli.OutputOptions;
import obs.probe.ProbeRun;
import obs.probe.serve.ServeCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "probe", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        header = "Probe network targets (http, tcp, tls, dns, icmp, path) with blackbox-compatible modules.",
        description = {"Probes every target concurrently and prints one row per target. The scheme picks the module: "
                + "http(s)://, tcp://HOST:PORT, tls://HOST:PORT, dns://SERVER/NAME?type=A, icmp://HOST, path://HOST "
                + "(mtr, hop by hop). Modules come from the deployed blackbox exporter's file, so --module http_2xx "
                + "means what it means there. Exit 0 when every target succeeded, 1 when any failed (a loss above --max-loss "
                + "is a failure), 2 for bad input."},
        subcommands = ServeCommand.class,
        footer = {"%nExamples:", "  jbang probe https://example.org tcp://db:3306",
                "  jbang probe --count 20 --interval 200ms icmp://10.0.0.1 path://10.0.0.1",
                "  jbang probe -f targets.yaml -o json", "  jbang probe serve -f targets.yaml --listen :9116"})
public class Probe implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "TARGET", description = "URLs, or host:port with --module.")
    List<String> targets = new ArrayList<>();

    @Option(names = {"-f", "--targets-file"}, paramLabel = "FILE", description = "Targets file (target, module, labels).")
    Path targetsFile;

    @Option(names = {"-m", "--module"}, paramLabel = "NAME", description = "Module for every TARGET (default: implied by the scheme).")
    String module;

    @Option(names = "--config-file", paramLabel = "FILE",
            description = "Blackbox modules file (default: " + ProbeRun.DEPLOYED_MODULES + " in the checkout, else built-ins).")
    Path configFile;

    @Option(names = {"-c", "--count"}, paramLabel = "N", defaultValue = "1", description = "Probe each target N times and summarise.")
    int count;

    @Option(names = {"-i", "--interval"}, paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "Time between rounds (between pings for icmp).")
    Duration interval;

    @Option(names = {"-j", "--concurrency"}, paramLabel = "N", defaultValue = "64", description = "Probes in flight at once.")
    int concurrency;

    @Option(names = "--max-loss", paramLabel = "PERCENT", defaultValue = "5",
            description = "Loss above which a target fails: of the pings (icmp), of the packets to the destination "
                    + "(path), of the rounds (others). 5 is the MtrHighPacketLoss alert's threshold.")
    double maxLoss;

    @Option(names = {"-t", "--timeout"}, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Per-probe timeout (default: the module's, else 10s).")
    Duration timeout;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where path history is kept (default: $XDG_STATE_HOME/obs).")
    Path stateDir;

    @Option(names = "--list-modules", description = "List the modules and whether obs can use them, then exit.")
    boolean listModules;

    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        Console console = Console.of(spec, output);
        if (listModules) {
            return ProbeRun.listModules(ProbeRun.modules(configFile, console), console);
        }
        ProbeRun.Request request = new ProbeRun.Request(targets, targetsFile, module, configFile,
                ProbeRun.options(count, interval, concurrency, timeout, maxLoss),
                stateDir != null ? stateDir : ProbeRun.defaultStateDir());
        return ProbeRun.execute(request, console);
    }

    public static void main(String... args) {
        Cli.exit(Cli.run(new Probe(), args));
    }
}
