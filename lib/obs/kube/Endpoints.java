package obs.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import obs.stack.Component;
import obs.stack.Component.Port;

/**
 * How obs reaches a component's HTTP port, in this order: an explicit override (--endpoint or the
 * endpoints file), in-cluster service DNS when obs runs in a pod, else the API server's service proxy.
 */
public final class Endpoints {
    /** An HTTP answer. */
    public record Reply(int status, String body) {
    }

    /** One way to a component port. */
    public interface Route {
        Reply get(String path, Duration timeout) throws IOException, InterruptedException;

        /** Where a request for {@code path} goes, for messages. */
        String describe(String path);
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final Map<String, URI> overrides;
    private final KubernetesClient client;
    private final String namespace;
    private final boolean inCluster;

    /**
     * @param overrides base URLs by component name (for each component's first port)
     * @param client    the cluster client, or null when there is no cluster (sandbox or overrides only)
     * @param namespace the stack's namespace
     * @param inCluster whether obs itself runs in a pod of that cluster
     */
    public Endpoints(Map<String, URI> overrides, KubernetesClient client, String namespace, boolean inCluster) {
        this.overrides = Map.copyOf(overrides);
        this.client = client;
        this.namespace = namespace;
        this.inCluster = inCluster;
    }

    /** The route to a port of a component, or empty when there is none (no override and no cluster). */
    public Optional<Route> route(Component component, Port port) {
        URI base = overrides.get(component.name());
        if (base != null) {
            return port.equals(component.httpPort()) ? Optional.of(new Direct(base)) : Optional.empty();
        }
        if (client == null) {
            return Optional.empty();
        }
        if (inCluster) {
            return Optional.of(new Direct(URI.create("http://" + component.name() + "." + namespace + ".svc:" + port.number())));
        }
        return Optional.of(new ApiProxy(client, namespace, component.name(), port.number()));
    }

    /** A plain HTTP GET to a base URL. */
    record Direct(URI base) implements Route {
        @Override
        public Reply get(String path, Duration timeout) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(URI.create(describe(path))).timeout(timeout).GET().build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        }

        @Override
        public String describe(String path) {
            String b = base.toString();
            return (b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path;
        }
    }

    /** Equivalent to {@code kubectl get --raw /api/v1/namespaces/NS/services/NAME:PORT/proxy/PATH}. */
    record ApiProxy(KubernetesClient client, String namespace, String service, int port) implements Route {
        @Override
        public Reply get(String path, Duration timeout) throws IOException, InterruptedException {
            var http = client.getHttpClient();
            var request = http.newHttpRequestBuilder().uri(describe(path))
                    .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).build();
            try {
                var response = http.sendAsync(request, String.class).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return new Reply(response.code(), response.body());
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } catch (TimeoutException e) {
                throw new java.net.http.HttpTimeoutException("no answer within " + timeout.toMillis() + " ms");
            }
        }

        @Override
        public String describe(String path) {
            String master = client.getConfiguration().getMasterUrl();
            return (master.endsWith("/") ? master : master + "/") + "api/v1/namespaces/" + namespace + "/services/"
                    + service + ":" + port + "/proxy" + path;
        }
    }
}
