package obs.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import obs.core.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tempo 2.10 as /work/shared/contracts/tempo.md pins it, on its three ports: the query API ({@code /ready},
 * {@code /api/echo}, trace by id v1 and v2), the OTLP/HTTP receiver ({@code POST /v1/traces}, JSON) and the Zipkin
 * receiver ({@code POST /api/v2/spans}). It answers only with what was pushed: trace-by-id returns the stored spans in
 * Tempo's protobuf-JSON shape (ids in base64, kinds as names, times as strings), an unknown trace is v2's
 * {@code 200 {"trace":{},"metrics":{}}} and v1's 404 with an empty body. OTLP protobuf bodies are not decoded (400).
 */
public final class TempoFake implements AutoCloseable {
    private static final String[] KINDS = {"SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT",
        "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"};

    /** A stored span: its resource's service name, scope, ids in hex, and the rest as Tempo keeps it. */
    private record Span(String service, String scope, String spanId, String name, int kind, long start, long end,
                        Map<String, String> attributes) {
    }

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer query;
    private final HttpServer otlp;
    private final HttpServer zipkin;
    private final HttpServer jaeger;
    private final Map<String, List<Span>> traces = new LinkedHashMap<>();
    private volatile boolean dropping;

    private TempoFake() throws IOException {
        query = serve(this::query);
        otlp = serve(this::otlp);
        zipkin = serve(this::zipkin);
        jaeger = serve(this::jaeger);
    }

    public static TempoFake start() throws IOException {
        return new TempoFake();
    }

    private HttpServer serve(Handler h) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        s.setExecutor(executor);
        s.createContext("/", x -> {
            try (x) {
                Answer a = h.handle(x, x.getRequestBody().readAllBytes());
                byte[] bytes = a.body.getBytes(StandardCharsets.UTF_8);
                if (a.contentType != null) {
                    x.getResponseHeaders().set("Content-Type", a.contentType);
                }
                x.sendResponseHeaders(a.status, bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    x.getResponseBody().write(bytes);
                }
            }
        });
        s.start();
        return s;
    }

    @FunctionalInterface
    private interface Handler {
        Answer handle(HttpExchange x, byte[] body);
    }

    private record Answer(int status, String contentType, String body) {
        static Answer text(int status, String body) {
            return new Answer(status, "text/plain; charset=utf-8", body);
        }

        static Answer json(int status, String body) {
            return new Answer(status, "application/json", body);
        }

        /** A google.rpc.Status, as the OTLP receiver answers errors. */
        static Answer status(int status, int code, String message) {
            return json(status, Json.mapper().createObjectNode().put("code", code).put("message", message).toString());
        }
    }

    /** The query API (port 3200). */
    public URI url() {
        return uri(query);
    }

    /** The OTLP/HTTP receiver (port 4318). */
    public URI otlpUrl() {
        return uri(otlp);
    }

    /** The Zipkin receiver (port 9411). */
    public URI zipkinUrl() {
        return uri(zipkin);
    }

    /** The Jaeger thrift_http receiver (port 14268). */
    public URI jaegerUrl() {
        return uri(jaeger);
    }

    private static URI uri(HttpServer s) {
        return URI.create("http://127.0.0.1:" + s.getAddress().getPort());
    }

    /** Spans are accepted (200/202) but stored nowhere, as when the ingesters drop them: traces come back empty. */
    public void dropSpans() {
        dropping = true;
    }

    private synchronized void store(String traceId, Span span) {
        if (!dropping) {
            traces.computeIfAbsent(traceId, k -> new ArrayList<>()).add(span);
        }
    }

    private Answer otlp(HttpExchange x, byte[] body) {
        if (!x.getRequestURI().getPath().equals("/v1/traces")) {
            return Answer.text(404, "404 page not found\n");
        }
        if (!x.getRequestMethod().equals("POST")) {
            return Answer.text(405, "405 method not allowed, supported: [POST]");
        }
        String type = x.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            return Answer.text(415, "415 unsupported media type, supported: [application/json, application/x-protobuf]");
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (RuntimeException e) {
            return Answer.status(400, 3, "unexpected end of JSON input");
        }
        for (JsonNode rs : root.path("resourceSpans")) {
            String service = "";
            for (JsonNode a : rs.path("resource").path("attributes")) {
                if ("service.name".equals(a.path("key").asString(""))) {
                    service = a.path("value").path("stringValue").asString("");
                }
            }
            for (JsonNode ss : rs.path("scopeSpans")) {
                for (JsonNode sp : ss.path("spans")) {
                    String trace = sp.path("traceId").asString("");
                    String span = sp.path("spanId").asString("");
                    if (!trace.matches("[0-9a-fA-F]{32}")) {
                        return Answer.status(400, 3, "ReadObjectCB: invalid length for ID: " + trace);
                    }
                    if (!span.matches("[0-9a-fA-F]{16}") || span.matches("0+")) {
                        return Answer.status(400, 3, "span ids must be 64 bit and not all zero");
                    }
                    Map<String, String> attributes = new LinkedHashMap<>();
                    sp.path("attributes").forEach(a -> attributes.put(a.path("key").asString(""), a.path("value").path("stringValue").asString("")));
                    store(trace.toLowerCase(), new Span(service, ss.path("scope").path("name").asString(""), span.toLowerCase(),
                            sp.path("name").asString(""), sp.path("kind").asInt(0), Long.parseLong(sp.path("startTimeUnixNano").asString("0")),
                            Long.parseLong(sp.path("endTimeUnixNano").asString("0")), attributes));
                }
            }
        }
        return Answer.json(200, "{\"partialSuccess\":{}}");
    }

    private Answer zipkin(HttpExchange x, byte[] body) {
        if (!x.getRequestURI().getPath().equals("/api/v2/spans")) {
            return Answer.text(404, "404 page not found\n");
        }
        JsonNode spans;
        try {
            spans = Json.mapper().readTree(body);
        } catch (RuntimeException e) {
            return Answer.text(400, "the request body could not be parsed as Zipkin v2 spans");
        }
        for (JsonNode sp : spans) {
            String trace = "0".repeat(Math.max(0, 32 - sp.path("traceId").asString("").length())) + sp.path("traceId").asString("");
            Map<String, String> attributes = new LinkedHashMap<>();
            sp.path("tags").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asString()));
            int kind = switch (sp.path("kind").asString("")) {
                case "SERVER" -> 2;
                case "CLIENT" -> 3;
                case "PRODUCER" -> 4;
                case "CONSUMER" -> 5;
                default -> 1;
            };
            long start = sp.path("timestamp").asLong(0) * 1000;
            store(trace.toLowerCase(), new Span(sp.path("localEndpoint").path("serviceName").asString(""), "", sp.path("id").asString("").toLowerCase(),
                    sp.path("name").asString(""), kind, start, start + sp.path("duration").asLong(0) * 1000, attributes));
        }
        return new Answer(202, null, "");
    }

    /** {@code POST /api/traces} with a Thrift binary-protocol Batch (jaeger.thrift field ids). */
    private Answer jaeger(HttpExchange x, byte[] body) {
        if (!x.getRequestURI().getPath().equals("/api/traces")) {
            return Answer.text(404, "404 page not found\n");
        }
        String type = x.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !(type.startsWith("application/x-thrift") || type.startsWith("application/vnd.apache.thrift.binary"))) {
            return Answer.text(400, "Unsupported content type: " + type);
        }
        Map<Integer, Object> batch;
        try {
            batch = ThriftReader.struct(java.nio.ByteBuffer.wrap(body));
        } catch (RuntimeException e) {
            return Answer.text(400, "Unable to process request body: " + e.getMessage());
        }
        @SuppressWarnings("unchecked")
        Map<Integer, Object> process = (Map<Integer, Object>) batch.getOrDefault(1, Map.of());
        for (Object o : (List<?>) batch.getOrDefault(2, List.of())) {
            @SuppressWarnings("unchecked")
            Map<Integer, Object> span = (Map<Integer, Object>) o;
            String trace = String.format("%016x%016x", (Long) span.get(2), (Long) span.get(1));
            Map<String, String> attributes = new LinkedHashMap<>();
            for (Object t : (List<?>) span.getOrDefault(10, List.of())) {
                Map<?, ?> tag = (Map<?, ?>) t;
                attributes.put((String) tag.get(1), String.valueOf(tag.get(3)));
            }
            long start = (Long) span.get(8) * 1000;
            store(trace, new Span((String) process.getOrDefault(1, ""), "", String.format("%016x", (Long) span.get(3)),
                    (String) span.get(5), 1, start, start + (Long) span.get(9) * 1000, attributes));
        }
        return new Answer(202, null, "");
    }

    private Answer query(HttpExchange x, byte[] body) {
        String path = x.getRequestURI().getPath();
        switch (path) {
            case "/ready":
                return Answer.text(200, "ready\n");
            case "/api/echo":
                return Answer.text(200, "echo\n");
            default:
                break;
        }
        boolean v2 = path.startsWith("/api/v2/traces/");
        if (!v2 && !path.startsWith("/api/traces/")) {
            return Answer.text(404, "404 page not found\n");
        }
        String id = path.substring(path.lastIndexOf('/') + 1);
        if (id.length() > 32) {
            return Answer.text(400, "trace IDs can't be larger than 128 bits");
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.digit(id.charAt(i), 16) < 0) {
                return Answer.text(400, "trace IDs can only contain hex characters: invalid character '" + id.charAt(i) + "' at position " + (i + 1));
            }
        }
        String trace = ("0".repeat(32 - id.length()) + id).toLowerCase();
        List<Span> spans;
        synchronized (this) {
            spans = traces.containsKey(trace) ? List.copyOf(traces.get(trace)) : List.of();
        }
        if (spans.isEmpty()) {
            return v2 ? Answer.json(200, "{\"trace\":{},\"metrics\":{}}") : new Answer(404, null, "");
        }
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode batches = v2 ? root.putObject("trace").putArray("resourceSpans") : root.putArray("batches");
        Map<String, ObjectNode> byResource = new LinkedHashMap<>();
        for (Span s : spans) {
            ObjectNode rs = byResource.computeIfAbsent(s.service, svc -> {
                ObjectNode r = batches.addObject();
                r.putObject("resource").putArray("attributes").addObject().put("key", "service.name").putObject("value").put("stringValue", svc);
                r.putArray("scopeSpans").addObject().putObject("scope").put("name", s.scope);
                return r;
            });
            ObjectNode span = ((ObjectNode) rs.path("scopeSpans").get(0)).withArray("spans").addObject();
            span.put("traceId", base64(trace)).put("spanId", base64(s.spanId)).put("name", s.name).put("kind", KINDS[s.kind])
                    .put("startTimeUnixNano", Long.toString(s.start)).put("endTimeUnixNano", Long.toString(s.end));
            ArrayNode attributes = span.putArray("attributes");
            s.attributes.forEach((k, v) -> attributes.addObject().put("key", k).putObject("value").put("stringValue", v));
            span.putObject("status");
        }
        return Answer.json(200, root.toString());
    }

    private static String base64(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }

    @Override
    public void close() {
        query.stop(0);
        otlp.stop(0);
        zipkin.stop(0);
        jaeger.stop(0);
        executor.close();
    }
}
