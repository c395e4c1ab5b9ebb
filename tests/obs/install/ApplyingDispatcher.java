package obs.install;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * fabric8's CRUD dispatcher plus what install needs from a real API server and the CRUD mock lacks:
 * server-side apply (PATCH with application/apply-patch+yaml creates a missing object and merges into an
 * existing one; field ownership is not modelled), /version and /apis, and denials a test can inject for a
 * verb on a path prefix, answered 403 the way the API server does.
 */
public final class ApplyingDispatcher extends KubernetesCrudDispatcher {
    /** "METHOD PATH-PREFIX" to the HTTP code and reason to answer with. */
    private final Map<String, Map.Entry<Integer, String>> refused = new ConcurrentHashMap<>();
    private final List<String> apiGroups = new CopyOnWriteArrayList<>();
    private final AtomicInteger applies = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();
    private volatile String gitVersion = "v1.31.4";
    private volatile long applyDelayMillis;

    /** Answer {@code method} requests on paths starting with {@code pathPrefix} with 403 Forbidden. */
    public void deny(String method, String pathPrefix) {
        refuse(method, pathPrefix, 403, "Forbidden");
    }

    /** Answer {@code method} requests on paths starting with {@code pathPrefix} with this code and reason. */
    public void refuse(String method, String pathPrefix, int code, String reason) {
        refused.put(method + " " + pathPrefix, Map.entry(code, reason));
    }

    /** Lifts every injected refusal. */
    public void allowAll() {
        refused.clear();
    }

    public void version(String gitVersion) {
        this.gitVersion = gitVersion;
    }

    public void apiGroups(String... names) {
        apiGroups.addAll(List.of(names));
    }

    /** Server-side apply requests served so far. */
    public int applies() {
        return applies.get();
    }

    /** Requests that write (POST, PUT, PATCH, DELETE) served so far. */
    public int writes() {
        return writes.get();
    }

    /** Makes every apply take this long, like the round trip to a real API server (for the benchmark). */
    public void applyDelay(long millis) {
        applyDelayMillis = millis;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        String method = request.getMethod();
        for (var r : refused.entrySet()) {
            String[] parts = r.getKey().split(" ", 2);
            if (parts[0].equals(method) && path.startsWith(parts[1])) {
                return refusal(method, path, r.getValue().getKey(), r.getValue().getValue());
            }
        }
        if (!method.equals("GET")) {
            writes.incrementAndGet();
        }
        if (method.equals("GET") && path.equals("/version")) {
            return json(200, Serialization.asJson(Map.of("major", major(), "minor", minor(), "gitVersion", gitVersion)));
        }
        if (method.equals("GET") && path.equals("/apis")) {
            return json(200, Serialization.asJson(new APIGroupListBuilder().withGroups(apiGroups.stream()
                    .map(g -> new APIGroupBuilder().withName(g).build()).toList()).build()));
        }
        String type = request.getHeader("Content-Type");
        if (method.equals("PATCH") && type != null && type.startsWith("application/apply-patch")) {
            return apply(request);
        }
        return super.dispatch(request);
    }

    private MockResponse apply(RecordedRequest request) {
        applies.incrementAndGet();
        // The server answers after the delay without blocking, so concurrent applies overlap as on a real server.
        MockResponse response = applyNow(request);
        return applyDelayMillis > 0 ? response.setBodyDelay(applyDelayMillis, TimeUnit.MILLISECONDS) : response;
    }

    private MockResponse applyNow(RecordedRequest request) {
        String resource = request.getPath().replaceFirst("\\?.*$", "");
        String body = Serialization.jsonMapper().writeValueAsString(Serialization.yamlMapper().readTree(request.getUtf8Body()));
        if (handleGet(resource).code() == 404) {
            String collection = resource.substring(0, resource.lastIndexOf('/'));
            return super.dispatch(request(HttpMethod.POST, collection, "application/json", body));
        }
        JsonNode live = Serialization.jsonMapper().readTree(handleGet(resource).getBody().readUtf8());
        JsonNode merged = merge(live, Serialization.jsonMapper().readTree(body));
        return super.dispatch(request(HttpMethod.PUT, resource, "application/json", Serialization.jsonMapper().writeValueAsString(merged)));
    }

    /**
     * RFC 7386 merge: objects merge key by key, everything else (lists included) is replaced. The CRUD mock's own
     * merge-patch handler appends to lists, which would duplicate containers.
     */
    private static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!(patch instanceof ObjectNode p) || !(target instanceof ObjectNode t)) {
            return patch;
        }
        ObjectNode out = t.deepCopy();
        for (var field : p.properties()) {
            if (field.getValue().isNull()) {
                out.remove(field.getKey());
            } else {
                out.set(field.getKey(), merge(out.get(field.getKey()) == null ? NullNode.getInstance() : out.get(field.getKey()), field.getValue()));
            }
        }
        return out;
    }

    private static RecordedRequest request(HttpMethod method, String path, String contentType, String body) {
        Headers headers = Headers.builder().add("Content-Type", contentType).build();
        return new RecordedRequest(method + " " + path + " HTTP/1.1", method, path, headers, new Buffer().writeUtf8(body));
    }

    private static MockResponse refusal(String method, String path, int code, String reason) {
        String verb = switch (method) {
            case "PATCH" -> "patch";
            case "POST" -> "create";
            case "DELETE" -> "delete";
            case "PUT" -> "update";
            default -> path.matches(".*/[^/]+/[^/?]+(\\?.*)?$") ? "get" : "list";
        };
        String resource = path.replaceFirst("\\?.*$", "");
        String message = code == 403 ? "User \"system:serviceaccount:ci:installer\" cannot " + verb + " resource at " + resource
                : "Operation cannot be fulfilled on " + resource + ": " + reason;
        return json(code, Serialization.asJson(Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure", "message", message,
                "reason", reason, "code", code)));
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }

    private String major() {
        return gitVersion.replaceFirst("^v(\\d+)\\..*$", "$1");
    }

    private String minor() {
        return gitVersion.replaceFirst("^v\\d+\\.(\\d+).*$", "$1");
    }
}
