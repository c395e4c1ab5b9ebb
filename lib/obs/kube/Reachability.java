package obs.kube;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;

/**
 * One quick look at the API server before a long job. fabric8 retries a refused connection with exponential
 * backoff for about 20 seconds; that is right in the middle of an install on a flaky server, but a server that
 * is down should be reported at once (exit 3), so this look is made without retries.
 */
public final class Reachability {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private Reachability() {
    }

    /** Equivalent to {@code kubectl version} with no retries; throws the exit-3 error when unreachable. */
    public static void check(KubernetesClient client) {
        var config = new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build();
        try (KubernetesClient once = new KubernetesClientBuilder().withConfig(config).build()) {
            once.getKubernetesVersion();
        } catch (KubernetesClientException e) {
            throw Kube.explain(e, client);
        }
    }
}
