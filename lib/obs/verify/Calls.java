package obs.verify;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import obs.access.Endpoints;
import obs.access.Endpoints.Reply;
import obs.checks.Fetch;
import obs.core.Json;
import obs.http.PlainHttp;
import obs.stack.Component;
import obs.stack.Component.Port;
import obs.stack.Stack;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Requests to a component's port through check-services' access ({@link Endpoints}: overrides, endpoints file,
 * in-cluster DNS, port-forward or the API server proxy), each bounded by the run's deadline.
 */
final class Calls {
    /** No single request waits longer than this, so a poll can try again before the run's deadline. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /** A request that got no usable answer; the message says why in words, with where it went. */
    static final class Failed extends Exception {
        Failed(String message) {
            super(message);
        }
    }

    private final Run run;
    private final boolean bounded;

    /** Calls bounded by the run's deadline. */
    Calls(Run run) {
        this(run, true);
    }

    private Calls(Run run, boolean bounded) {
        this.run = run;
        this.bounded = bounded;
    }

    /** Calls for undoing what the run left, which must work after the deadline too: each gets the full request timeout. */
    Calls forCleanup() {
        return new Calls(run, false);
    }

    Reply get(String component, String path) throws Failed, InterruptedException {
        return send(component, null, "GET", path, Map.of(), null);
    }

    Reply post(String component, String port, String path, String contentType, String body) throws Failed, InterruptedException {
        return send(component, port, "POST", path, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
    }

    /** Where a request for {@code path} goes, for messages. */
    String describe(String component, String port, String path) {
        Component c = Stack.get(component);
        return run.stack().endpoints().route(c, port(c, port)).map(r -> r.describe(path)).orElse(component + path);
    }

    Reply send(String component, String portName, String method, String path, Map<String, String> headers, byte[] body)
            throws Failed, InterruptedException {
        Component c = Stack.get(component);
        Port port = port(c, portName);
        Endpoints.Route route = run.stack().endpoints().route(c, port).orElseThrow(() -> new Failed("no endpoint for " + component
                + " port " + port.name() + " (pass --endpoint " + component + (port.equals(c.httpPort()) ? "" : ":" + port.name()) + "=URL)"));
        String url = route.describe(path);
        Duration left = run.deadline().remaining();
        Duration timeout = bounded && left.compareTo(REQUEST_TIMEOUT) < 0 ? left.plusMillis(1) : REQUEST_TIMEOUT;
        try {
            return route.send(method, path, headers, body, timeout);
        } catch (HttpTimeoutException | SocketTimeoutException e) {
            throw new Failed("no answer within " + timeout.toMillis() + " ms: " + url);
        } catch (IOException e) {
            throw new Failed(Fetch.describe(e, url, component));
        }
    }

    private static Port port(Component c, String name) {
        return name == null ? c.httpPort() : c.ports().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(c.name() + " has no port " + name));
    }

    /** The body as JSON, or a failure quoting it. */
    static JsonNode json(String what, Reply reply) throws Failed {
        try {
            return Json.mapper().readTree(reply.body());
        } catch (JacksonException e) {
            throw new Failed(what + " answered HTTP " + reply.status() + " without JSON: " + PlainHttp.excerpt(reply.body()));
        }
    }

    /** A failure for an unexpected status, quoting the body's first line. */
    static Failed status(String what, Reply reply) {
        return new Failed(what + " answered HTTP " + reply.status() + ": " + PlainHttp.excerpt(reply.body()));
    }
}
