import obs.cli.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Every obs command as a subcommand of one program: the entry point of the toolkit jar and image
 * (`obs probe serve`, `obs discover --watch`, ...). The subcommands are the very script classes the
 * catalog names; ObsJarIT checks that each alias is here and starts.
 */
@Command(name = "obs", mixinStandardHelpOptions = true, version = "obs 0.1.0",
        header = "Install and operate a self-hosted observability stack.",
        subcommands = {Backup.class, CheckServices.class, Discover.class, Install.class, Probe.class, Restore.class,
                Runbook.class, Sandbox.class, Uninstall.class, VerifyInstallation.class})
public class ObsMain implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    public static void main(String... args) {
        Cli.exit(Cli.run(new ObsMain(), args));
    }
}
