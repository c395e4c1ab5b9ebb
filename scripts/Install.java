///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Install the observability stack: check the cluster, apply every component in order and wait until it is Ready.
//JAVA 21+
//SOURCES ../lib/**.java

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import obs.cli.Cli;
import obs.cli.Console;
import obs.cli.DurationConverter;
import obs.cli.KubeOptions;
import obs.cli.OutputOptions;
import obs.cli.RepoRoot;
import obs.core.ObsException;
import obs.install.InstallOptions;
import obs.install.Installer;
import obs.install.Installer.Mode;
import obs.kube.Kube;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "install", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        header = "Install the observability stack: check the cluster, apply every component in order and wait until it is Ready.",
        description = "Detects the environment (--check does only that), renders manifests/ with the profile, values files and --set, "
                + "server-side applies it in phases with field manager obs, waits for every workload and prints how to reach "
                + "Grafana. Re-running changes nothing; a run that was interrupted is finished by the next one. What obs installed"
                + " before and no longer renders (a component switched off) is removed; volume claims are kept.",
        footer = {"%nExamples:", "  jbang install --profile calo-lab --check", "  jbang install ao --profile calo-lab --diff",
                "  jbang install --profile calo-lab --size large --set retention.metrics=15d",
                "  jbang install --registry registry.lab.local:5000/obs images"})
public class Install implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAMESPACE", description = "Namespace of the stack (default: the profile's, " + KubeOptions.DEFAULT_NAMESPACE + " in the default profile).")
    String namespace;

    @Mixin InstallOptions what;

    @Option(names = "--check", description = "Only detect the environment and report what would break the install (exit 1 if anything).")
    boolean check;

    @Option(names = "--dry-run", description = "Print the rendered objects as YAML (-o json: a List); contact no cluster.")
    boolean dryRun;

    @Option(names = "--output-dir", paramLabel = "DIR", description = "With --dry-run: write one file per component to DIR instead.")
    Path outputDir;

    @Option(names = "--diff", description = "Show what an install would change in the cluster, field by field (exit 1 if anything).")
    boolean diff;

    @Option(names = "--images", description = "List every image the installation pulls, for mirroring (same as the images subcommand).")
    boolean images;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long to wait for every workload to become Ready.")
    Duration timeout;

    @Option(names = "--show-password", description = "Print Grafana's generated admin password at the end.")
    boolean showPassword;

    @Mixin KubeOptions kube;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        int modes = (check ? 1 : 0) + (dryRun || outputDir != null ? 1 : 0) + (diff ? 1 : 0) + (images ? 1 : 0);
        if (modes > 1) {
            throw ObsException.usage("--check, --dry-run/--output-dir, --diff and --images exclude each other");
        }
        return run(check ? Mode.check : dryRun || outputDir != null ? Mode.dryRun : diff ? Mode.diff : images ? Mode.images : Mode.install);
    }

    @Command(name = "images", mixinStandardHelpOptions = true, header = "List every image the installation pulls, for mirroring.",
            description = "Options of install go before the subcommand: install --profile calo-lab --registry MIRROR images.")
    int images() throws InterruptedException {
        return run(Mode.images);
    }

    private int run(Mode mode) throws InterruptedException {
        String ns = kube.namespace == null && namespace == null ? null : kube.namespace(namespace);
        var request = new Installer.Request(what, ns, mode, outputDir, timeout, showPassword);
        return Installer.run(request, RepoRoot.find().resolve("manifests"), Console.of(spec, output), () -> Kube.connect(kube));
    }

    public static void main(String... a) {
        Cli.exit(Cli.run(new Install(), a));
    }
}
