package obs.backup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import obs.access.EndpointOption;
import obs.access.Endpoints;
import obs.access.EndpointsFile;
import obs.access.StackAccess;
import obs.cli.KubeOptions;
import obs.core.ObsException;
import obs.grafana.GrafanaConnect;
import picocli.CommandLine.Option;

/**
 * How backup and restore find the stack, with check-services' options (--sandbox, --state-dir, --endpoint, --via)
 * and the same access code; plus the Grafana credentials and the local Prometheus' data folder.
 */
public final class StackOptions {
    @Option(names = "--endpoint", paramLabel = "NAME=URL", converter = EndpointOption.Converter.class,
            description = "Reach component NAME at URL (repeatable).")
    public List<EndpointOption> endpoints = new ArrayList<>();

    @Option(names = "--sandbox", description = "Work on the local sandbox stack (its endpoints file).")
    public boolean sandbox;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "The sandbox's state folder (implies --sandbox).")
    public Path stateDir;

    @Option(names = "--via", paramLabel = "port-forward|proxy", defaultValue = "port-forward", converter = Endpoints.ViaConverter.class,
            description = "How to reach components from outside the cluster.")
    public Endpoints.Via via;

    @Option(names = "--prometheus-data-dir", paramLabel = "DIR",
            description = "Data folder of a Prometheus on this host reached with --endpoint (the sandbox's is known).")
    public Path prometheusData;

    @Option(names = "--grafana-token-file", paramLabel = "FILE", description = "Grafana service-account token.")
    public Path grafanaToken;

    @Option(names = "--grafana-password-file", paramLabel = "FILE",
            description = "Password of Grafana's admin user (default in a cluster: the grafana-admin Secret).")
    public Path grafanaPassword;

    /** The sandbox's state folder when the sandbox is meant, else null. */
    public Path sandboxState() {
        return stateDir != null ? stateDir : sandbox ? EndpointsFile.defaultStateDir() : null;
    }

    public StackAccess open(KubeOptions kube, String namespace) {
        Path state = sandboxState();
        return StackAccess.open(kube, namespace, endpoints, state == null ? null : EndpointsFile.in(state), via);
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

    public GrafanaConnect.Credentials grafana() {
        if (grafanaToken != null && grafanaPassword != null) {
            throw ObsException.usage("--grafana-token-file and --grafana-password-file are two credentials: give one");
        }
        return new GrafanaConnect.Credentials(grafanaToken, grafanaPassword);
    }
}
