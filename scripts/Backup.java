///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Back up the stack (Prometheus snapshot, Grafana, Alertmanager, configuration) into one verified set.
//JAVA 21+
//SOURCES ../lib/**.java

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import obs.access.StackAccess;
import obs.backup.Compression;
import obs.backup.Part;
import obs.backup.StackOptions;
import obs.cli.Cli;
import obs.cli.Console;
import obs.cli.KubeOptions;
import obs.cli.OutputOptions;
import obs.core.ObsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "backup", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        header = "Back up the stack (Prometheus snapshot, Grafana, Alertmanager, configuration) into one verified set.",
        description = "Writes DIR/NAMESPACE-YYYYMMDDTHHMMSSZ with manifest.json (every file's size and SHA-256, Prometheus' "
                + "series and sample counts). The set is written under a hidden name and renamed only when complete and read back.",
        subcommands = {Backup.Verify.class},
        footer = {"%nExamples:", "  jbang backup ao --to /backups --keep 7",
                "  jbang backup --sandbox --to /tmp/sets --only prometheus,grafana --grafana-password-file pw",
                "  jbang backup verify /backups/ao-20261202T010000Z"})
public class Backup implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAMESPACE",
            description = "Namespace of the stack (default: " + KubeOptions.DEFAULT_NAMESPACE + ").")
    String namespace;

    @Option(names = "--to", paramLabel = "DIR", description = "Folder the set is written into (created if needed).")
    Path to;

    @Option(names = "--only", split = ",", paramLabel = "PART", description = "Only these parts: prometheus, grafana, alertmanager, config.")
    List<String> only = new ArrayList<>();

    @Option(names = "--keep", paramLabel = "N", description = "Keep the N newest sets of this namespace (at least 1).")
    Integer keep;

    @Option(names = "--keep-days", paramLabel = "D", description = "Delete sets that began more than D days ago (never the newest).")
    Integer keepDays;

    @Option(names = "--compress", paramLabel = "none|gzip|zstd", defaultValue = "none",
            description = "Store the Prometheus snapshot as one compressed tar: snapshot.tar.gz or snapshot.tar.zst.")
    String compress;

    @Option(names = "--metrics-file", paramLabel = "FILE", description = "Write the result for node-exporter's textfile collector.")
    Path metricsFile;

    @Option(names = "--pushgateway", paramLabel = "URL", description = "Push the result to this Pushgateway (job obs_backup).")
    URI pushgateway;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "8", description = "Grafana requests at once.")
    int parallel;

    @Option(names = "--include-secrets", description = "Also save secrets (contact points, the stack's Secrets) into secrets.pgp, "
            + "encrypted with the passphrase in --secrets-key-file.")
    boolean includeSecrets;

    @Option(names = "--secrets-key-file", paramLabel = "FILE", description = "Passphrase (16+ characters) that encrypts secrets.pgp.")
    Path secretsKeyFile;

    @Mixin StackOptions stack;
    @Mixin KubeOptions kube;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        Console console = Console.of(spec, output);
        if (to == null) {
            throw ObsException.usage("--to DIR is required: the folder the set is written into");
        }
        if (keep != null && keep < 1 || keepDays != null && keepDays < 1) {
            throw ObsException.usage("--keep and --keep-days must be at least 1 (the newest set is always kept)");
        }
        Compression compression = Compression.parse(compress);
        if (parallel < 1 || parallel > 64) {
            throw ObsException.usage("--parallel must be between 1 and 64");
        }
        if (includeSecrets != (secretsKeyFile != null)) {
            throw ObsException.usage("--include-secrets and --secrets-key-file go together: secrets are only ever saved encrypted with your key");
        }
        char[] key = includeSecrets ? obs.backup.SecretsBox.key(secretsKeyFile) : null;
        var parts = Part.parse(only);
        try (StackAccess access = stack.open(kube, namespace)) {
            if (only.isEmpty()) {
                parts = obs.backup.Backup.installedParts(access, stack.sandboxState() != null, console);
            }
            var options = new obs.backup.Backup.Options(to, parts, keep, keepDays, compression, metricsFile, pushgateway,
                    stack.grafana(), parts.contains(Part.PROMETHEUS) && access.kube() == null ? stack.prometheusData() : null,
                    stack.sandboxState(), parallel, key);
            var result = obs.backup.Backup.run(access, options, console);
            if (console.json()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("set", result.set().toString());
                json.put("bytes", result.bytes());
                json.put("seconds", result.took().toMillis() / 1000.0);
                json.put("parts", result.partSeconds());
                json.put("pruned", result.pruned().stream().map(Path::toString).toList());
                console.json(json);
            } else {
                console.line(result.set().toString());
            }
            return 0;
        }
    }

    /** {@code backup verify DIR}: checksums, then a restore drill in a scratch Prometheus. */
    @Command(name = "verify", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
            header = "Prove a set can be restored: checksums, then a scratch Prometheus on a copy, compared with the manifest.",
            description = {"The scratch Prometheus is a local process from the Debian package 'prometheus' when it is installed, "
                    + "else a throwaway pod obs-backup-verify-ID in the stack's namespace (-n; default: the namespace a cluster's "
                    + "set was taken from, else " + KubeOptions.DEFAULT_NAMESPACE + "): the shipped manifests' Prometheus image, non-root, read-only, the snapshot streamed in over exec, "
                    + "deleted at the end, on Ctrl-C, or by its 4 h deadline. That needs the right to create, exec into and delete "
                    + "pods there. Cluster options (--kubeconfig, --context, -n, --registry) ask for the pod."},
            footer = {"%nExamples:", "  jbang backup verify /backups/ao-20261202T023000Z",
                    "  jbang backup verify ./ao-20261202T023000Z --scratch pod -n ao"})
    static class Verify implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "The backup set (a folder with manifest.json).")
        Path set;

        @Option(names = "--scratch", paramLabel = "auto|local|pod", defaultValue = "auto",
                description = "Where the restore drill runs: local (the prometheus binary), pod (a throwaway pod in the cluster), "
                        + "or auto (local when the binary is here, else a pod).")
        obs.backup.DrillScratch.Kind scratch;

        @Option(names = "--registry", paramLabel = "MIRROR", description = "Pull the scratch pod's image from this mirror, as install --registry.")
        String registry;

        @Mixin KubeOptions kube;
        @Mixin OutputOptions output;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            Console console = Console.of(spec, output);
            return obs.backup.Verify.run(set, m -> obs.backup.DrillScratch.choose(scratch, kube, registry, m), console).render(console);
        }
    }

    public static void main(String... args) {
        Cli.exit(Cli.run(new Backup(), args));
    }
}
