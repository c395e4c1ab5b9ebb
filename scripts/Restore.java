///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Restore the stack from a backup set, after checking every checksum; never overwrites without --force.
//JAVA 21+
//SOURCES ../lib/**.java

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import obs.access.StackAccess;
import obs.backup.Part;
import obs.backup.StackOptions;
import obs.cli.Cli;
import obs.cli.Console;
import obs.cli.KubeOptions;
import obs.cli.OutputOptions;
import obs.cli.RepoRoot;
import obs.cli.Terminal;
import obs.core.ObsException;
import obs.sandbox.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "restore", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        header = "Restore the stack from a backup set, after checking every checksum; never overwrites without --force.",
        description = "Checks the manifest and every file's SHA-256 first and refuses a damaged set, naming the file. Prometheus "
                + "(the sandbox's): stop, replace its data with the snapshot, start, confirm the counts. Grafana: folders parents "
                + "first, datasources (secrets from --secrets FILE or typed), library panels, dashboards, alerting. Alertmanager: its "
                + "silences. Config (in a cluster): the stack's ConfigMaps, and its Secrets from secrets.pgp with --secrets-key-file "
                + "(never printed); when the set holds the install record, how to install the same again.",
        footer = {"%nExamples:", "  jbang restore --sandbox --from /backups/sandbox-20261202T010000Z --dry-run",
                "  jbang restore ao --from /backups/ao-20261202T010000Z --only grafana --secrets secrets.json",
                "  jbang restore ao --from /backups/ao-20261202T010000Z --only config --secrets-key-file /etc/obs/backup.key --dry-run"})
public class Restore implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAMESPACE",
            description = "Namespace of the stack (default: " + KubeOptions.DEFAULT_NAMESPACE + ").")
    String namespace;

    @Option(names = "--from", paramLabel = "DIR", description = "The backup set (a folder with manifest.json).")
    Path from;

    @Option(names = "--only", split = ",", paramLabel = "PART", description = "Only these parts: prometheus, grafana, alertmanager, config.")
    List<String> only = new ArrayList<>();

    @Option(names = "--dry-run", description = "Show what would change; change nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Replace existing dashboards, rules, ConfigMaps, Secrets and Prometheus data with the set's.")
    boolean force;

    @Option(names = "--secrets", paramLabel = "FILE",
            description = "Secrets the set does not hold: {\"datasources\": {\"UID\": {\"FIELD\": \"VALUE\"}}, \"contactPoints\": {...}}.")
    Path secrets;

    @Option(names = "--secrets-key-file", paramLabel = "FILE", description = "Passphrase that opens the set's secrets.pgp: contact point secrets, and the stack's Secrets with the config part.")
    Path secretsKeyFile;

    @Mixin StackOptions stack;
    @Mixin KubeOptions kube;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        Console console = Console.of(spec, output);
        if (from == null) {
            throw ObsException.usage("--from DIR is required: the backup set to restore");
        }
        var parts = Part.parse(only);
        try (StackAccess access = stack.open(kube, namespace)) {
            Path state = stack.sandboxState();
            boolean prometheus = parts.contains(Part.PROMETHEUS) && state != null;
            var sandbox = prometheus ? new LocalStack.Options(state, RepoRoot.find(), List.of("prometheus"), false, java.util.Map.of()) : null;
            var options = new obs.backup.Restore.Options(from, parts, dryRun, force, secrets, Terminal.isTerminal(), stack.grafana(),
                    sandbox, prometheus ? stack.prometheusData() : null, secretsKeyFile == null ? null : obs.backup.SecretsBox.key(secretsKeyFile));
            return obs.backup.Restore.run(access, options, console).render(console);
        }
    }

    public static void main(String... args) {
        Cli.exit(Cli.run(new Restore(), args));
    }
}
