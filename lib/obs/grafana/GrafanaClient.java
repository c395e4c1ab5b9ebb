package obs.grafana;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import obs.core.Json;
import obs.core.ObsException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * Grafana's HTTP API as /work/shared/contracts/grafana.md pins it (Grafana 13): JSON in and out, every object by
 * uid (13 disables the numeric-id datasource routes), status codes turned into {@link GrafanaError}s with Grafana's
 * own message. The typed calls live in {@link GrafanaObjects} and {@link GrafanaAlerting}; this class is the wire.
 * Thread-safe: the export runs requests in parallel on one client (the JDK client pools connections).
 */
public final class GrafanaClient implements AutoCloseable {
    /** Largest body accepted from Grafana: a dashboard is rarely above a few MB; a bigger answer is a wrong endpoint. */
    static final int BODY_LIMIT = 64 << 20;
    private final URI base;
    private final GrafanaAuth auth;
    private final Duration timeout;
    private final HttpClient http;

    /** A reply: the status and the body parsed as JSON (a {@link NullNode} when empty or not JSON). */
    public record Reply(int status, JsonNode body) {
        /** Grafana's {@code message} field, or the status alone. */
        public String message() {
            JsonNode m = body.path("message");
            return m.isString() && !m.asString().isBlank() ? m.asString() : "HTTP " + status;
        }
    }

    /**
     * @param base    Grafana's root URL (http or https), e.g. {@code http://127.0.0.1:3000}; a sub-path is kept
     * @param timeout per request
     */
    public GrafanaClient(URI base, GrafanaAuth auth, Duration timeout) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.auth = auth;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public GrafanaClient(URI base, GrafanaAuth auth) {
        this(base, auth, Duration.ofSeconds(30));
    }

    public URI base() {
        return base;
    }

    /** The calls on dashboards, folders, search, datasources and library panels. */
    public GrafanaObjects objects() {
        return new GrafanaObjects(this);
    }

    /** Schema-v2 dashboards through the app-platform API. */
    public DashboardResources dashboardResources() {
        return new DashboardResources(this);
    }

    /** The alerting provisioning calls. */
    public GrafanaAlerting alerting() {
        return new GrafanaAlerting(this);
    }

    /** GET; a 2xx body, else a {@link GrafanaError}. */
    public JsonNode get(String path) {
        return expect(send("GET", path, null, Map.of()), "GET", path);
    }

    /** GET; empty on 404, the body on 2xx, else a {@link GrafanaError}. */
    public Optional<JsonNode> find(String path) {
        Reply r = send("GET", path, null, Map.of());
        return r.status() == 404 ? Optional.empty() : Optional.of(expect(r, "GET", path));
    }

    /** POST a JSON body; the 2xx body, else a {@link GrafanaError}. */
    public JsonNode post(String path, Object body) {
        return expect(send("POST", path, body, Map.of()), "POST", path);
    }

    /** PUT a JSON body; the 2xx body, else a {@link GrafanaError}. */
    public JsonNode put(String path, Object body) {
        return expect(send("PUT", path, body, Map.of()), "PUT", path);
    }

    /** DELETE; the 2xx body, else a {@link GrafanaError}. */
    public JsonNode delete(String path) {
        return expect(send("DELETE", path, null, Map.of()), "DELETE", path);
    }

    /**
     * One request, whatever the status; only a failure to get an answer at all throws (exit 3).
     *
     * @param body    serialised as JSON (a JsonNode, record or map), or null for none
     * @param headers extra request headers
     */
    public Reply send(String method, String path, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Authorization", auth.header()).header("Accept", "application/json");
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body)));
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw ObsException.unreachable("Grafana at " + base + " does not answer: " + reason(e), e);
        } catch (HttpTimeoutException e) {
            throw ObsException.unreachable("Grafana at " + base + " gave no answer to " + method + " " + path + " within "
                    + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw ObsException.unreachable("Grafana at " + base + ": " + method + " " + path + " failed: " + reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ObsException.internal("interrupted while waiting for Grafana", e);
        }
        byte[] bytes = response.body();
        if (bytes.length > BODY_LIMIT) {
            throw new GrafanaError(response.statusCode(), "Grafana's answer to " + method + " " + path + " is larger than "
                    + (BODY_LIMIT >> 20) + " MiB");
        }
        return new Reply(response.statusCode(), parse(bytes));
    }

    private JsonNode expect(Reply r, String method, String path) {
        if (r.status() / 100 == 2) {
            return r.body();
        }
        throw error(r, method, path);
    }

    /** The one-line error for an unexpected status; 401 and 403 say which credential was refused. */
    GrafanaError error(Reply r, String method, String path) {
        String what = switch (r.status()) {
            case 401 -> "Grafana refused " + auth.describe() + " (401 Unauthorized)";
            case 403 -> "Grafana denied " + auth.describe() + " " + method + " " + path + " (403: " + r.message() + ")";
            default -> "Grafana answered " + r.status() + " to " + method + " " + path + ": " + r.message();
        };
        return new GrafanaError(r.status(), what);
    }

    private static JsonNode parse(byte[] bytes) {
        if (bytes.length == 0) {
            return NullNode.getInstance();
        }
        try {
            return Json.mapper().readTree(bytes);
        } catch (JacksonException e) {
            return NullNode.getInstance();
        }
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? "connection failed" : e.getMessage().lines().findFirst().orElse("");
    }

    /** A path segment (a uid or name) percent-encoded. */
    public static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query string from name, value pairs ({@code ?a=1&b=x}); null values are left out. */
    public static String query(Object... pairs) {
        StringJoiner q = new StringJoiner("&", "?", "");
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                q.add(segment(pairs[i].toString()) + "=" + segment(pairs[i + 1].toString()));
            }
        }
        return q.toString();
    }

    /** The elements of a JSON array (an empty list for anything else). */
    static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(out::add);
        }
        return out;
    }

    @Override
    public void close() {
        http.close();
    }
}
