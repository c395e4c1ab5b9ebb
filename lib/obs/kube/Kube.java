package obs.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import obs.cli.KubeOptions;
import obs.core.ObsException;

/** Builds the Kubernetes client from the command-line options: kubeconfig, context, or in-cluster service account. */
public final class Kube {
    static final String SERVICE_ACCOUNT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";
    /** What {@link #network} says when the server took too long. */
    static final String NO_ANSWER = "no answer in time";

    private Kube() {
    }

    /**
     * Equivalent to what kubectl does with {@code --kubeconfig} and {@code --context}, plus one look at the API
     * server, so that every command reports a cluster that is down at once (exit 3), not after fabric8's retries.
     */
    public static KubernetesClient connect(KubeOptions options) {
        return connect(options, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** As {@link #connect(KubeOptions)} with the environment and home folder given (tests choose them). */
    public static KubernetesClient connect(KubeOptions options, Map<String, String> env, Path home) {
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config(options, env, home)).build();
        try {
            Reachability.check(client);
            return client;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * Resolves the client configuration: the kubeconfig kubectl would read, checked (see {@link Kubeconfig}), else
     * the pod's service account. Fails early with exit 3 when there is no way to find a cluster at all, rather
     * than letting fabric8 default to https://kubernetes.default.svc.
     */
    public static Config config(KubeOptions options, Map<String, String> env, Path home) {
        return config(options, env, home, Path.of(SERVICE_ACCOUNT_TOKEN));
    }

    /** As {@link #config(KubeOptions, Map, Path)} with the service-account token at {@code token} (tests move it). */
    static Config config(KubeOptions options, Map<String, String> env, Path home, Path token) {
        Optional<Kubeconfig> kubeconfig = Kubeconfig.find(options.kubeconfig, env, home);
        if (kubeconfig.isPresent()) {
            return kubeconfig.get().config(options.context);
        }
        String none = "no --kubeconfig, no $KUBECONFIG, no " + home.resolve(".kube/config");
        if (!inCluster(env, token)) {
            throw ObsException.unreachable("no Kubernetes configuration: " + none
                    + ", and not running in a cluster (use --sandbox for the local stack)", null);
        }
        if (options.context != null) {
            throw ObsException.usage("--context " + options.context + ": there is no kubeconfig to take it from (" + none
                    + "); obs is running in a pod and uses its service account");
        }
        return Config.autoConfigure(null);
    }

    /** Whether this process runs in a pod with a service-account token. */
    public static boolean inCluster(Map<String, String> env) {
        return inCluster(env, Path.of(SERVICE_ACCOUNT_TOKEN));
    }

    private static boolean inCluster(Map<String, String> env, Path token) {
        return env.containsKey("KUBERNETES_SERVICE_HOST") && Files.isReadable(token);
    }

    /** Turns a client failure into a one-line error: unreachable (exit 3) or denied, naming the API server. */
    public static ObsException explain(KubernetesClientException e, KubernetesClient client) {
        String server = client.getConfiguration().getMasterUrl();
        String network = network(e);
        if (network != null) {
            return ObsException.unreachable("cannot reach the Kubernetes API at " + server + ": " + network, e);
        }
        if (e.getCode() == 401 || e.getCode() == 403) {
            return ObsException.problem("the Kubernetes API at " + server + " refused the request (HTTP " + e.getCode() + "): " + reason(e));
        }
        if (e.getCode() <= 0 || e.getCode() >= 500) {
            return ObsException.unreachable("cannot reach the Kubernetes API at " + server + ": " + reason(e), e);
        }
        return ObsException.internal("Kubernetes API error (HTTP " + e.getCode() + "): " + reason(e), e);
    }

    /**
     * What the API server said, in its words (the message of its Status answer), else what went wrong on the
     * way to it; not fabric8's "Failure executing: ... Received status: Status(...)" dump.
     */
    public static String reason(KubernetesClientException e) {
        var status = e.getStatus();
        if (status != null && status.getMessage() != null && !status.getMessage().isBlank()) {
            return firstLine(status.getMessage());
        }
        String network = network(e);
        if (network != null) {
            return network;
        }
        return e.getMessage() == null ? "no detail" : firstLine(e.getMessage());
    }

    /** The network failure under {@code e} in words, or null when the request was answered. */
    static String network(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "unknown host: " + firstLine(String.valueOf(t.getMessage()));
            }
            if (t instanceof ConnectException) {
                return t.getMessage() == null ? "connection refused" : firstLine(t.getMessage());
            }
            if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException || t instanceof TimeoutException) {
                return NO_ANSWER;
            }
            if (t instanceof SSLException) {
                Throwable root = t;
                while (root.getCause() != null && root.getCause().getMessage() != null) {
                    root = root.getCause();
                }
                return "TLS failed: " + firstLine(root.getMessage());
            }
        }
        return null;
    }

    /** The first line: a message is one line (control characters are escaped where it is printed). */
    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
