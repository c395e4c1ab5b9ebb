package obs.access;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import obs.http.PlainHttp;
import obs.kube.Kube;
import obs.stack.Component;
import obs.stack.Component.Port;

/**
 * How obs reaches a component's HTTP port, in this order: an explicit override (--endpoint or the
 * endpoints file), in-cluster service DNS when obs runs in a pod, else a port-forward to the Service
 * (default) or the API server's service proxy. Port-forwarding is the default because it enters the pod's
 * network namespace through the kubelet, where the stack's NetworkPolicies do not apply; proxied
 * requests come from the control plane and a strict CNI drops them.
 */
public final class Endpoints implements AutoCloseable {
    /** How to reach a component from outside the cluster. */
    public enum Via { portForward, proxy }

    /** picocli converter for the option spelling: port-forward or proxy. */
    public static final class ViaConverter implements picocli.CommandLine.ITypeConverter<Via> {
        @Override
        public Via convert(String value) {
            return switch (value) {
                case "port-forward" -> Via.portForward;
                case "proxy" -> Via.proxy;
                default -> throw new picocli.CommandLine.TypeConversionException("expected port-forward or proxy, found '" + value + "'");
            };
        }
    }

    /** The way to a component could not be opened (port-forward, API server proxy); the message says why in words. */
    public static final class RouteFailure extends IOException {
        RouteFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** An HTTP answer. */
    public record Reply(int status, String body) {
    }

    /** One way to a component port. */
    public interface Route {
        default Reply get(String path, Duration timeout) throws IOException, InterruptedException {
            return send("GET", path, Map.of(), null, timeout);
        }

        /** A request with any method, headers and body (null: none): pushes and posts of verify-installation. */
        Reply send(String method, String path, Map<String, String> headers, byte[] body, Duration timeout)
                throws IOException, InterruptedException;

        /** Where a request for {@code path} goes, for messages. */
        String describe(String path);

        /**
         * A base URL a client of its own (Grafana's) can use: the override, or the local end of the port-forward;
         * empty through the API server's proxy, which needs the cluster's credentials on every request.
         */
        default Optional<URI> baseUrl() throws RouteFailure {
            return Optional.empty();
        }
    }

    /** The JDK client, built only for https overrides: building it initialises TLS, which plain http never needs. */
    private static final class Https {
        static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private final Map<String, URI> overrides;
    private final KubernetesClient client;
    private final String namespace;
    private final boolean inCluster;
    private final Via via;
    private final Map<String, LocalPortForward> forwards = new ConcurrentHashMap<>();

    /** Endpoints that port-forward when outside the cluster. */
    public Endpoints(Map<String, URI> overrides, KubernetesClient client, String namespace, boolean inCluster) {
        this(overrides, client, namespace, inCluster, Via.portForward);
    }

    /**
     * @param overrides base URLs by component name (for each component's first port)
     * @param client    the cluster client, or null when there is no cluster (sandbox or overrides only)
     * @param namespace the stack's namespace
     * @param inCluster whether obs itself runs in a pod of that cluster
     * @param via       how to reach components from outside the cluster
     */
    public Endpoints(Map<String, URI> overrides, KubernetesClient client, String namespace, boolean inCluster, Via via) {
        this.overrides = Map.copyOf(overrides);
        this.client = client;
        this.namespace = namespace;
        this.inCluster = inCluster;
        this.via = via;
    }

    /** Closes the port-forwards this run opened. */
    @Override
    public void close() {
        forwards.values().forEach(f -> {
            try {
                f.close();
            } catch (IOException e) {
                // The forward's listener is gone either way; nothing to report at the end of a run.
            }
        });
        forwards.clear();
    }

    /** The route to a port of a component, or empty when there is none (no override and no cluster). */
    public Optional<Route> route(Component component, Port port) {
        URI base = overrides.get(component.name() + ":" + port.name());
        if (base != null) {
            return Optional.of(new Direct(base));
        }
        base = overrides.get(component.name());
        if (base != null) {
            // A component's ports are told apart by name, as the overrides' keys above tell them.
            return port.name().equals(component.httpPort().name()) ? Optional.of(new Direct(base)) : Optional.empty();
        }
        if (client == null) {
            return Optional.empty();
        }
        if (inCluster) {
            return Optional.of(new Direct(URI.create("http://" + component.name() + "." + namespace + ".svc:" + port.number())));
        }
        if (via == Via.proxy) {
            return Optional.of(new ApiProxy(client, namespace, component.name(), port.number()));
        }
        return Optional.of(new Forwarded(component.name(), port.number()));
    }

    /**
     * A base URL for a client that needs more than GET (Grafana's API for backup and restore): the override, the
     * in-cluster address, or a port-forward opened for this run and closed with these endpoints. Empty when there is
     * no route, or when the route is the API server's proxy (it is not a base URL a client can be pointed at).
     */
    public Optional<URI> baseUrl(Component component, Port port) throws RouteFailure {
        Optional<Route> route = route(component, port);
        return route.isEmpty() ? Optional.empty() : route.get().baseUrl();
    }

    /** Equivalent to {@code kubectl port-forward svc/NAME :PORT}, opened once per run and service port. */
    final class Forwarded implements Route {
        private final String service;
        private final int port;

        Forwarded(String service, int port) {
            this.service = service;
            this.port = port;
        }

        @Override
        public Reply send(String method, String path, Map<String, String> headers, byte[] body, Duration timeout)
                throws IOException, InterruptedException {
            return new Direct(local()).send(method, path, headers, body, timeout);
        }

        /** The local end of the forward, opened on first use. */
        URI local() throws RouteFailure {
            LocalPortForward forward;
            try {
                forward = forwards.computeIfAbsent(service + ":" + port,
                        k -> client.services().inNamespace(namespace).withName(service).portForward(port));
            } catch (KubernetesClientException e) {
                throw new RouteFailure("port-forward to service " + service + ":" + port + " failed: " + Kube.reason(e), e);
            }
            return URI.create("http://127.0.0.1:" + forward.getLocalPort());
        }

        @Override
        public String describe(String path) {
            return "port-forward svc/" + service + ":" + port + path;
        }

        @Override
        public Optional<URI> baseUrl() throws RouteFailure {
            return Optional.of(local());
        }
    }

    /** A GET to a base URL: plain http on a socket, https with the JDK client. */
    record Direct(URI base) implements Route {
        @Override
        public Reply send(String method, String path, Map<String, String> headers, byte[] body, Duration timeout)
                throws IOException, InterruptedException {
            URI url = URI.create(describe(path));
            if ("http".equals(url.getScheme())) {
                PlainHttp.Reply reply = PlainHttp.send(method, url, headers, body, timeout);
                return new Reply(reply.status(), reply.body());
            }
            HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(timeout).method(method,
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(builder::header);
            HttpRequest request = builder.build();
            HttpResponse<String> response = Https.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        }

        @Override
        public Optional<URI> baseUrl() {
            return Optional.of(base);
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
        public Reply send(String method, String path, Map<String, String> headers, byte[] body, Duration timeout)
                throws IOException, InterruptedException {
            var http = client.getHttpClient();
            var builder = http.newHttpRequestBuilder().uri(describe(path)).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
            headers.forEach(builder::header);
            if (body != null) {
                builder.method(method, headers.getOrDefault("Content-Type", "application/octet-stream"), new java.io.ByteArrayInputStream(body), (long) body.length);
            } else if (!method.equals("GET")) {
                builder.method(method, "application/octet-stream", new java.io.ByteArrayInputStream(new byte[0]), 0L);
            }
            var request = builder.build();
            try {
                var response = http.sendAsync(request, String.class).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return new Reply(response.code(), response.body());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                String why = e.getCause() instanceof KubernetesClientException k ? Kube.reason(k)
                        : e.getCause().getMessage() == null ? "no detail" : e.getCause().getMessage().lines().findFirst().orElse("");
                throw new RouteFailure("request through the API server's service proxy failed: " + why, e.getCause());
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
