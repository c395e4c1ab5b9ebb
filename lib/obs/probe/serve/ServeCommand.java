package obs.probe.serve;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import obs.cli.Console;
import obs.cli.DurationConverter;
import obs.cli.OutputOptions;
import obs.core.Exit;
import obs.core.ObsException;
import obs.stack.Stack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code probe serve}: the long-running exporter (the mtr-analyzer Deployment's command). */
@Command(name = "serve", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        header = "Run the probe exporter: scheduled probes as Prometheus metrics, plus a blackbox-compatible /probe.",
        description = "Probes the targets file on schedule and serves /metrics, /probe?target=&module=, /-/healthy, "
                + "/-/ready and POST /-/reload. Both files are re-read when they change; a bad edit keeps the old targets.",
        footer = {"%nExample:", "  jbang probe serve -f targets.yaml --listen 127.0.0.1:9116"})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = {"-f", "--targets-file"}, required = true, paramLabel = "FILE", description = "Targets file to probe.")
    Path targetsFile;

    @Option(names = "--config-file", paramLabel = "FILE", description = "Blackbox modules file (default: the deployed one, else built-ins).")
    Path configFile;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Address to serve on.")
    String listen = ":" + Stack.get("mtr-analyzer").httpPort().number();

    @Option(names = {"-j", "--concurrency"}, paramLabel = "N", defaultValue = "64", description = "Probes in flight at once.")
    int concurrency;

    @Option(names = "--reload-interval", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How often the files are checked for changes.")
    Duration reloadInterval;

    @Option(names = "--state-file", paramLabel = "FILE",
            description = "Keep path history here so a restart still detects path changes (default: in memory only).")
    Path stateFile;

    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (concurrency < 1) {
            throw ObsException.usage("--concurrency must be at least 1");
        }
        Console console = Console.of(spec, output);
        Exporter.Settings settings = new Exporter.Settings(targetsFile, configFile, Listen.parse(listen), concurrency,
                reloadInterval, "fping", "mtr", stateFile);
        CountDownLatch stopped = new CountDownLatch(1);
        try (Exporter exporter = Exporter.start(settings, console)) {
            console.info("serving on " + listen + " (port " + exporter.port() + ")");
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        }
        return Exit.OK.code;
    }

    /**
     * Runs the exporter on its own. The sandbox starts it this way: the class is in lib/, so it is on every
     * script's class path (JBang compiles a script with lib/ only, not with the other scripts).
     */
    public static void main(String... args) {
        obs.cli.Cli.exit(obs.cli.Cli.run(new ServeCommand(), args));
    }
}
