package obs.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import obs.core.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Loki 3.7 as /work/shared/contracts/loki.md pins it, for the parts obs uses: {@code /ready}, the JSON push
 * ({@code 204}; {@code 400} text for a bad body or a missing Content-Type; {@code 422} without streams; {@code 429}
 * while rate-limited), and {@code query_range} for a stream selector with {@code |=} filters. It answers only with
 * what was pushed, transformed as Loki stores it: {@code service_name} added when absent, {@code detected_level}
 * added to each line and shown among the stream's labels (no categorize-labels flag). Single tenant
 * ({@code auth_enabled: false}). Protobuf pushes (snappy) are not decoded: answered 400.
 */
public final class LokiFake implements AutoCloseable {
    /** Where {@code service_name} comes from, in Loki's order. */
    static final List<String> SERVICE_LABELS = List.of("service", "app", "application", "app_name", "name", "app_kubernetes_io_name",
            "container", "container_name", "k8s_container_name", "component", "workload", "job", "k8s_job_name");
    private static final Pattern SELECTOR = Pattern.compile("\\s*\\{([^}]*)}((?:\\s*\\|=\\s*\"(?:[^\"\\\\]|\\\\.)*\")*)\\s*");
    private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*");
    private static final Pattern FILTER = Pattern.compile("\\|=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern LEVEL = Pattern.compile("\\blevel=(\\w+)");

    private record Line(long nanos, String text) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<Map<String, String>, List<Line>> streams = new LinkedHashMap<>();
    private final AtomicInteger limited = new AtomicInteger();
    private final AtomicInteger pushes = new AtomicInteger();
    private volatile boolean dropping;

    private LokiFake() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static LokiFake start() throws IOException {
        return new LokiFake();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code n} pushes are answered 429, as when the tenant's ingestion rate limit is hit. */
    public void rateLimit(int n) {
        limited.set(n);
    }

    /** Pushes are accepted (204) but stored nowhere, as when lines go to another tenant: they never arrive. */
    public void dropLines() {
        dropping = true;
    }

    /** Pushes answered so far, whatever their status. */
    public int pushes() {
        return pushes.get();
    }

    /** Stores a line as a push of it would (the log agent's lines in cluster tests). */
    public void push(Map<String, String> labels, Instant at, String line) {
        store(labels, at.getEpochSecond() * 1_000_000_000L + at.getNano(), line);
    }

    private synchronized void store(Map<String, String> labels, long nanos, String line) {
        Map<String, String> stored = new TreeMap<>(labels);
        if (!stored.containsKey("service_name")) {
            stored.put("service_name", SERVICE_LABELS.stream().filter(labels::containsKey).map(labels::get).findFirst()
                    .orElse("unknown_service"));
        }
        Matcher level = LEVEL.matcher(line);
        stored.put("detected_level", labels.containsKey("level") ? labels.get("level") : level.find() ? level.group(1) : "unknown");
        streams.computeIfAbsent(stored, k -> new ArrayList<>()).add(new Line(nanos, line));
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            byte[] body = x.getRequestBody().readAllBytes();
            Answer a = switch (path) {
                case "/ready" -> new Answer(200, "text/plain; charset=utf-8", "ready\n");
                case "/loki/api/v1/push" -> push(x.getRequestHeaders().getFirst("Content-Type"), body);
                case "/loki/api/v1/query_range" -> query(params(x.getRequestURI().getRawQuery()));
                default -> new Answer(404, "text/plain; charset=utf-8", "404 page not found\n");
            };
            byte[] bytes = a.body.getBytes(StandardCharsets.UTF_8);
            if (a.contentType != null) {
                x.getResponseHeaders().set("Content-Type", a.contentType);
            }
            x.sendResponseHeaders(a.status, a.status == 204 ? -1 : bytes.length);
            if (a.status != 204) {
                x.getResponseBody().write(bytes);
            }
        }
    }

    private record Answer(int status, String contentType, String body) {
        static Answer text(int status, String body) {
            return new Answer(status, "text/plain; charset=utf-8", body);
        }
    }

    private Answer push(String contentType, byte[] body) {
        pushes.incrementAndGet();
        if (limited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return Answer.text(429, "ingestion rate limit exceeded for user fake (limit: 4194304 bytes/sec) while attempting to ingest '1' lines totaling '"
                    + body.length + "' bytes, reduce log volume or contact your Loki administrator to see if the limit can be increased");
        }
        if (contentType == null) {
            return Answer.text(400, "mime: no media type");
        }
        if (!contentType.startsWith("application/json")) {
            return Answer.text(400, "this fake decodes JSON pushes only");
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (RuntimeException e) {
            return Answer.text(400, "loghttp.PushRequest.Streams: ReadArray: expect [ or , or ] or n, but found " + e.getMessage());
        }
        if (root.path("streams").isEmpty()) {
            return Answer.text(422, "error at least one valid stream is required for ingestion");
        }
        for (JsonNode s : root.path("streams")) {
            Map<String, String> labels = new TreeMap<>();
            s.path("stream").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
            for (JsonNode v : s.path("values")) {
                if (!v.path(0).isString() || !v.path(1).isString()) {
                    return Answer.text(400, "loghttp.PushRequest.Streams: [0].Values: unmarshalerDecoder: Value looks like Number/Boolean/None, but can't find its end");
                }
                if (!dropping) {
                    store(labels, Long.parseLong(v.path(0).asString()), v.path(1).asString());
                }
            }
        }
        return new Answer(204, null, "");
    }

    private Answer query(Map<String, String> params) {
        String q = params.get("query");
        if (q == null) {
            return Answer.text(400, "parse error : syntax error: unexpected $end");
        }
        Matcher m = SELECTOR.matcher(q);
        if (!m.matches()) {
            return Answer.text(400, "parse error at line 1, col 1: syntax error: unexpected IDENTIFIER (this fake knows {label=\"value\",...} |= \"text\" only)");
        }
        Map<String, String> wanted = new TreeMap<>();
        for (String part : m.group(1).split(",(?=\\s*[a-zA-Z_])")) {
            Matcher mm = MATCHER.matcher(part);
            if (!mm.matches()) {
                return Answer.text(400, "parse error at line 1, col 2: syntax error: unexpected " + part.strip());
            }
            wanted.put(mm.group(1), mm.group(2));
        }
        List<String> filters = new ArrayList<>();
        Matcher f = FILTER.matcher(m.group(2));
        while (f.find()) {
            filters.add(f.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        long now = System.currentTimeMillis() * 1_000_000L;
        long end = params.containsKey("end") ? time(params.get("end")) : now;
        long start = params.containsKey("start") ? time(params.get("start")) : end - 3_600_000_000_000L;
        if (end < start) {
            return Answer.text(400, "end timestamp must not be before or equal to start time");
        }
        int limit = params.containsKey("limit") ? Integer.parseInt(params.get("limit")) : 100;
        if (limit > 5000) {
            return Answer.text(400, "max entries limit per query exceeded, limit > max_entries_limit_per_query (" + limit + " > 5000)");
        }
        boolean forward = "forward".equals(params.get("direction"));
        record Hit(Map<String, String> labels, Line line) {
        }
        List<Hit> hits = new ArrayList<>();
        synchronized (this) {
            streams.forEach((labels, lines) -> {
                if (labels.entrySet().containsAll(wanted.entrySet())) {
                    lines.stream().filter(l -> l.nanos >= start && l.nanos < end && filters.stream().allMatch(l.text::contains))
                            .forEach(l -> hits.add(new Hit(labels, l)));
                }
            });
        }
        Comparator<Hit> order = Comparator.comparingLong(h -> h.line.nanos);
        hits.sort(forward ? order : order.reversed());
        Map<Map<String, String>, ArrayNode> out = new LinkedHashMap<>();
        for (Hit h : hits.subList(0, Math.min(limit, hits.size()))) {
            out.computeIfAbsent(h.labels, k -> Json.mapper().createArrayNode()).addArray()
                    .add(Long.toString(h.line.nanos)).add(h.line.text);
        }
        ObjectNode root = Json.mapper().createObjectNode().put("status", "success");
        ObjectNode data = root.putObject("data").put("resultType", "streams");
        ArrayNode result = data.putArray("result");
        out.forEach((labels, values) -> {
            ObjectNode s = result.addObject();
            ObjectNode l = s.putObject("stream");
            labels.forEach(l::put);
            s.set("values", values);
        });
        ObjectNode stats = data.putObject("stats");
        stats.putObject("summary").put("execTime", 0.0).put("totalLinesProcessed", hits.size());
        stats.putObject("querier");
        stats.putObject("ingester");
        stats.putObject("cache");
        stats.putObject("index");
        return new Answer(200, "application/json", root.toString());
    }

    /** The query's parameters, decoded; the first of a repeated name wins. */
    static Map<String, String> params(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                out.putIfAbsent(k, eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** Loki's timestamp rule: up to 10 digits = seconds, more = ns, with a dot = float seconds, else RFC 3339. */
    static long time(String v) {
        if (v.matches("\\d{1,10}")) {
            return Long.parseLong(v) * 1_000_000_000L;
        }
        if (v.matches("\\d+")) {
            return Long.parseLong(v);
        }
        if (v.matches("\\d+\\.\\d+")) {
            return (long) (Double.parseDouble(v) * 1e9);
        }
        Instant i = Instant.parse(v);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
