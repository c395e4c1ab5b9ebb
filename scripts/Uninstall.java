///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Remove what obs installed in a namespace and nothing else.
//JAVA 21+
//SOURCES ../lib/**.java

import java.util.concurrent.Callable;
import obs.cli.Cli;
import obs.cli.Console;
import obs.cli.KubeOptions;
import obs.cli.OutputOptions;
import obs.cli.RepoRoot;
import obs.install.Confirmation;
import obs.install.Uninstaller;
import obs.kube.Kube;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "uninstall", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        header = "Remove what obs installed in a namespace and nothing else.",
        description = "Deletes the objects labelled app.kubernetes.io/part-of=obs in the namespace, and obs's ClusterRoles and "
                + "ClusterRoleBindings that belong to this installation. Asks first unless --yes; refuses without a terminal. "
                + "The namespace itself is left in place.",
        footer = {"%nExamples:", "  jbang uninstall ao", "  jbang uninstall ao --keep-data --yes"})
public class Uninstall implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAMESPACE",
            description = "Namespace of the stack (default: " + KubeOptions.DEFAULT_NAMESPACE + ").")
    String namespace;

    @Option(names = {"-y", "--yes"}, description = "Delete without asking (needed when stdin is not a terminal).")
    boolean yes;

    @Option(names = "--keep-data", description = "Keep the PersistentVolumeClaims (metrics, logs, traces, silences).")
    boolean keepData;

    @Mixin KubeOptions kube;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        String ns = kube.namespace(namespace);
        return Uninstaller.run(ns, keepData, yes, Confirmation.stdin(spec.commandLine().getErr()), RepoRoot.find().resolve("manifests"),
                Console.of(spec, output), () -> Kube.connect(kube));
    }

    public static void main(String... a) {
        Cli.exit(Cli.run(new Uninstall(), a));
    }
}
