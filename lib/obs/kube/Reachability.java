package obs.kube;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import obs.core.Json;
import obs.core.ObsException;
import obs.http.PlainHttp;
import tools.jackson.core.JacksonException;

/**
 * One quick look at the API server before a long job. fabric8 retries a refused connection with exponential
 * backoff for about 20 seconds; that is right in the middle of an install on a flaky server, but a server that
 * is down should be reported at once (exit 3), so this look is made without retries and with its own bounds.
 * It is a plain GET /version rather than fabric8's getKubernetesVersion(), which takes a 404 for an answer:
 * a web server that is not an API server must be reported as such, not fail later with an odd error.
 */
public final class Reachability {
    /** How long the TCP (and TLS) connection to the API server may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long the answer to GET /version may take once connected: an API server answers it in milliseconds. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private Reachability() {
    }

    /** Equivalent to {@code kubectl version} with no retries; throws the exit-3 error when unreachable. */
    public static void check(KubernetesClient client) {
        var config = new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0)
                .withConnectionTimeout((int) CONNECT_TIMEOUT.toMillis()).withRequestTimeout((int) READ_TIMEOUT.toMillis()).build();
        String server = client.getConfiguration().getMasterUrl();
        try (KubernetesClient once = new KubernetesClientBuilder().withConfig(config).build()) {
            var http = once.getHttpClient();
            var request = http.newHttpRequestBuilder().uri((server.endsWith("/") ? server : server + "/") + "version")
                    .timeout(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).build();
            long bound = CONNECT_TIMEOUT.plus(READ_TIMEOUT).toMillis();
            judge(server, http.sendAsync(request, String.class).get(bound, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            throw noAnswer(server, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String network = Kube.network(cause);
            if (Kube.NO_ANSWER.equals(network)) {
                throw noAnswer(server, cause);
            }
            String why = network != null ? network : cause.getMessage() != null ? cause.getMessage().lines().findFirst().orElse("") : "no detail";
            throw ObsException.unreachable("cannot reach the Kubernetes API at " + server + ": " + why, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ObsException.unreachable("interrupted while reaching the Kubernetes API at " + server, e);
        }
    }

    private static ObsException noAnswer(String server, Throwable cause) {
        return ObsException.unreachable("cannot reach the Kubernetes API at " + server + ": no answer to GET /version within "
                + READ_TIMEOUT.toSeconds() + " s", cause);
    }

    private static void judge(String server, HttpResponse<String> response) {
        int code = response.code();
        String body = response.body() == null ? "" : response.body();
        if (code == 401 || code == 403) {
            throw ObsException.problem("the Kubernetes API at " + server + " refused the request (HTTP " + code + "): " + PlainHttp.excerpt(body));
        }
        if (code >= 500) {
            throw ObsException.unreachable("cannot reach the Kubernetes API at " + server + ": GET /version answered HTTP " + code
                    + " (" + PlainHttp.excerpt(body) + ")", null);
        }
        if (code != 200 || !hasGitVersion(body)) {
            throw ObsException.unreachable(server + " is not a Kubernetes API server: GET /version answered HTTP " + code
                    + (code == 200 ? " without a version" : "") + " (" + PlainHttp.excerpt(body) + ")", null);
        }
    }

    private static boolean hasGitVersion(String body) {
        try {
            return Json.mapper().readTree(body).path("gitVersion").isString();
        } catch (JacksonException e) {
            return false;
        }
    }
}
