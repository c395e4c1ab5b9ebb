package obs.backup;

import java.nio.file.Path;
import obs.access.AccessOptions;
import obs.access.EndpointsFile;
import obs.access.StackAccess;
import obs.cli.KubeOptions;
import obs.core.ObsException;
import obs.grafana.GrafanaAuth;
import obs.grafana.GrafanaOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How backup and restore find the stack: check-services' options and access code ({@link AccessOptions}), Grafana's
 * sign-in ({@link GrafanaOptions}), and the local Prometheus' data folder.
 */
public final class StackOptions {
    @Mixin public AccessOptions access;
    @Mixin public GrafanaOptions grafana;

    @Option(names = "--prometheus-data-dir", paramLabel = "DIR",
            description = "Data folder of a Prometheus on this host reached with --endpoint (the sandbox's is known).")
    public Path prometheusData;

    /** The sandbox's state folder when the sandbox is meant, else null. */
    public Path sandboxState() {
        return access.sandboxState();
    }

    public StackAccess open(KubeOptions kube, String namespace) {
        return access.open(kube, namespace);
    }

    /** The local Prometheus' data folder: given, or the sandbox's; null in a cluster. */
    public Path prometheusData() {
        if (prometheusData != null) {
            return prometheusData;
        }
        Path state = sandboxState();
        if (state == null) {
            return null;
        }
        EndpointsFile.Entry e = EndpointsFile.readRunning(EndpointsFile.in(state)).components().get("prometheus");
        if (e == null || e.dataDir() == null) {
            throw ObsException.usage("the sandbox in " + state + " runs no Prometheus of its own");
        }
        return Path.of(e.dataDir());
    }

    /** The Grafana sign-in the options give, or null for the admin Secret. */
    public GrafanaAuth grafana() {
        return grafana.auth();
    }
}
