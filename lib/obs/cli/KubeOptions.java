package obs.cli;

import java.util.regex.Pattern;
import obs.core.ObsException;
import picocli.CommandLine.Option;

/** Cluster options shared by every command that talks to Kubernetes. */
public final class KubeOptions {
    /** The namespace obs uses when none is given (the design's fallback). */
    public static final String DEFAULT_NAMESPACE = "kube-observability-stack";
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, then in-cluster).")
    public String kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context to use; one that is not in the kubeconfig is an error, as with kubectl.")
    public String context;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", description = "Namespace of the stack (or as the NAMESPACE argument).")
    public String namespace;

    /**
     * The namespace from the option or the positional argument, validated as a Kubernetes name.
     * Giving both with different values is a usage error rather than a silent pick.
     */
    public String namespace(String positional) {
        if (namespace != null && positional != null && !namespace.equals(positional)) {
            throw ObsException.usage("namespace given twice: -n " + namespace + " and " + positional);
        }
        String ns = namespace != null ? namespace : positional != null ? positional : DEFAULT_NAMESPACE;
        return validNamespace(ns);
    }

    /** Checks an RFC 1123 label, the rule Kubernetes applies to namespace names. */
    public static String validNamespace(String ns) {
        if (ns.length() > 63 || !DNS_LABEL.matcher(ns).matches()) {
            throw ObsException.usage("invalid namespace '" + ns
                    + "': use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit");
        }
        return ns;
    }
}
