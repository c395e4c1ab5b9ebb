package obs.access;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import obs.cli.KubeOptions;
import picocli.CommandLine.Option;

/**
 * The options that say how a command reaches the stack's components, shared by every command that does: --endpoint
 * overrides, the sandbox's endpoints file (--sandbox, --state-dir, --endpoints-file) and --via.
 */
public final class AccessOptions {
    @Option(names = "--endpoint", paramLabel = "NAME=URL", converter = EndpointOption.Converter.class,
            description = "Reach component NAME at URL (repeatable); NAME:PORT=URL for another named port (tempo:otlp-http).")
    public List<EndpointOption> endpoints = new ArrayList<>();

    @Option(names = "--sandbox", description = "The local sandbox stack (its endpoints file).")
    public boolean sandbox;

    @Option(names = "--endpoints-file", paramLabel = "FILE", description = "Use this endpoints file (implies --sandbox).")
    public Path endpointsFile;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The sandbox's state folder, as given to 'sandbox up --state-dir' (implies --sandbox).")
    public Path stateDir;

    @Option(names = "--via", paramLabel = "port-forward|proxy", defaultValue = "port-forward", converter = Endpoints.ViaConverter.class,
            description = "How to reach components from outside the cluster: port-forward, or the API server's service proxy.")
    public Endpoints.Via via;

    /** The sandbox's state folder when the sandbox is meant by it (not with only --endpoints-file), else null. */
    public Path sandboxState() {
        return endpointsFile != null ? null : stateDir != null ? stateDir.toAbsolutePath() : sandbox ? EndpointsFile.defaultStateDir() : null;
    }

    /** Opens access to the stack these options and the cluster options name. */
    public StackAccess open(KubeOptions kube, String positionalNamespace) {
        return StackAccess.open(kube, positionalNamespace, endpoints, EndpointsFile.chosen(endpointsFile, stateDir, sandbox), via);
    }
}
