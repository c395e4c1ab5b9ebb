package obs.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.File;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import obs.cli.KubeOptions;
import obs.cli.ObsException;

/** Builds the Kubernetes client from the command-line options: kubeconfig, context, or in-cluster service account. */
public final class Kube {
    static final String SERVICE_ACCOUNT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    private Kube() {
    }

    /**
     * Equivalent to what kubectl does with {@code --kubeconfig} and {@code --context}, plus one look at the API
     * server, so that every command reports a cluster that is down at once (exit 3), not after fabric8's retries.
     */
    public static KubernetesClient connect(KubeOptions options) {
        KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(config(options, System.getenv(), Path.of(System.getProperty("user.home")))).build();
        try {
            Reachability.check(client);
            return client;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * Resolves the client configuration, failing early with exit 3 when there is no way to find a
     * cluster at all, rather than letting fabric8 default to https://kubernetes.default.svc.
     */
    public static Config config(KubeOptions options, Map<String, String> env, Path home) {
        return config(options, env, home, Path.of(SERVICE_ACCOUNT_TOKEN));
    }

    /** As {@link #config(KubeOptions, Map, Path)} with the service-account token at {@code token} (tests move it). */
    static Config config(KubeOptions options, Map<String, String> env, Path home, Path token) {
        if (options.kubeconfig != null) {
            File file = new File(options.kubeconfig);
            if (!file.isFile()) {
                throw ObsException.usage("--kubeconfig " + options.kubeconfig + ": no such file");
            }
            return Config.fromKubeconfig(options.context, file);
        }
        if (!anyKubeconfig(env, home) && !inCluster(env, token)) {
            throw ObsException.unreachable("no Kubernetes configuration: no --kubeconfig, no $KUBECONFIG, no "
                    + home.resolve(".kube/config") + ", and not running in a cluster (use --sandbox for the local stack)",
                    null);
        }
        return Config.autoConfigure(options.context);
    }

    /** Whether this process runs in a pod with a service-account token. */
    public static boolean inCluster(Map<String, String> env) {
        return inCluster(env, Path.of(SERVICE_ACCOUNT_TOKEN));
    }

    private static boolean inCluster(Map<String, String> env, Path token) {
        return env.containsKey("KUBERNETES_SERVICE_HOST") && Files.isReadable(token);
    }

    private static boolean anyKubeconfig(Map<String, String> env, Path home) {
        String list = env.get("KUBECONFIG");
        if (list != null && !list.isBlank()) {
            for (String f : list.split(File.pathSeparator)) {
                if (!f.isBlank() && Files.isRegularFile(Path.of(f))) {
                    return true;
                }
            }
            return false;
        }
        return Files.isRegularFile(home.resolve(".kube/config"));
    }

    /** Turns a client failure into a one-line error: unreachable (exit 3) or denied, naming the API server. */
    public static ObsException explain(KubernetesClientException e, KubernetesClient client) {
        String server = client.getConfiguration().getMasterUrl();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return ObsException.unreachable("cannot reach the Kubernetes API at " + server + ": " + t.getMessage(), e);
            }
        }
        if (e.getCode() == 401 || e.getCode() == 403) {
            return ObsException.problem("the Kubernetes API at " + server + " refused the request (HTTP " + e.getCode()
                    + "): " + firstLine(e.getMessage()));
        }
        if (e.getCode() == 0 || e.getCode() >= 500) {
            return ObsException.unreachable("cannot reach the Kubernetes API at " + server + ": " + firstLine(e.getMessage()), e);
        }
        return ObsException.internal("Kubernetes API error (HTTP " + e.getCode() + "): " + firstLine(e.getMessage()), e);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
