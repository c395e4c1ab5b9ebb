///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Run the stack's components that this host has as local processes (the embedded default).
//JAVA 21+
//SOURCES ../lib/**.java

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import obs.access.EndpointOption;
import obs.access.EndpointsFile;
import obs.cli.Cli;
import obs.cli.Console;
import obs.cli.OutputOptions;
import obs.cli.RepoRoot;
import obs.core.Exit;
import obs.sandbox.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sandbox", mixinStandardHelpOptions = true, showDefaultValues = true,
        header = "Run the stack's components that this host has as local processes (the embedded default).",
        description = "Prometheus, Alertmanager, node-exporter, blackbox exporter, pushgateway and smokeping prober from "
                + "Debian's packages, and obs's own probe exporter as the mtr-analyzer, on loopback, with the manifests' "
                + "alert rules and blackbox modules.",
        subcommands = {Sandbox.Up.class, Sandbox.Down.class, Sandbox.Status.class},
        footer = {"%nExample:", "  jbang sandbox up && jbang check-services --sandbox"})
public class Sandbox implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Exit.USAGE.code;
    }

    /** Options every subcommand shares. */
    static class Common {
        @Option(names = "--state-dir", paramLabel = "DIR", description = "State folder (default: $OBS_SANDBOX_DIR or ~/.local/state/obs/sandbox).")
        Path stateDir;

        @Mixin OutputOptions output;

        Path dir() {
            return stateDir != null ? stateDir.toAbsolutePath() : EndpointsFile.defaultStateDir();
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true, header = "Start every component this host has; idempotent.")
    static class Up implements Callable<Integer> {
        @Mixin Common common;
        @Spec CommandSpec spec;

        @Option(names = "--only", split = ",", paramLabel = "NAME", description = "Start only these components.")
        List<String> only = new ArrayList<>();

        @Option(names = "--no-install", description = "Never install missing Debian packages; print the command instead.")
        boolean noInstall;

        @Option(names = "--external", paramLabel = "NAME=URL", converter = EndpointOption.Converter.class,
                description = "Add a component you run yourself (e.g. grafana=http://127.0.0.1:3000).")
        List<EndpointOption> external = new ArrayList<>();

        @Option(names = "--with-databases", description = "Also run MariaDB and Redis (own data folders, loopback) with the "
                + "stack's mariadb-exporter and redis-exporter pointed at them.")
        boolean withDatabases;

        @Override
        public Integer call() {
            Map<String, URI> ext = new LinkedHashMap<>();
            external.forEach(e -> ext.put(e.component(), e.url()));
            var options = new LocalStack.Options(common.dir(), RepoRoot.find(), only, !noInstall, ext, withDatabases);
            Console console = Console.of(spec, common.output);
            int exit = LocalStack.up(options, console).render(console);
            console.info("next: ./jbang check-services " + (common.stateDir == null ? "--sandbox" : "--state-dir " + common.dir()));
            return exit;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, header = "Stop the processes the sandbox started (by PID).")
    static class Down implements Callable<Integer> {
        @Mixin Common common;
        @Spec CommandSpec spec;

        @Option(names = "--purge", description = "Also delete the data, configs and logs.")
        boolean purge;

        @Override
        public Integer call() {
            Console console = Console.of(spec, common.output);
            return LocalStack.down(common.dir(), purge, console).render(console);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, header = "Show what runs where; exit 1 if something stopped, failed or nothing runs.")
    static class Status implements Callable<Integer> {
        @Mixin Common common;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            return LocalStack.status(common.dir()).render(Console.of(spec, common.output));
        }
    }

    public static void main(String... args) {
        Cli.exit(Cli.run(new Sandbox(), args));
    }
}
