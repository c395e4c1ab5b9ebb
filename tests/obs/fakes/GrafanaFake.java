package obs.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import obs.core.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An in-test Grafana 13.1 following /work/shared/contracts/grafana.md: health, search with paging and the 5000 limit,
 * classic dashboards by uid (412 on a stale save, 406 for a schema-v2 dashboard), nested folders (max depth 4) with
 * permissions, datasources by uid (numeric-id routes 404, health 200/400/500, secrets only as secureJsonFields),
 * library panels, the alerting provisioning API (including the 404 with an empty body that the rule export
 * answers when there are no rules), and the app-platform dashboards API (/apis/dashboard.grafana.app/v1, v1beta1,
 * and v2, v2beta1 for schema-v2 dashboards; Kubernetes Status errors). Credentials: {@link #TOKEN} as a bearer token or admin/{@link #PASSWORD}.
 * An optional delay before every answer stands in for a real server's latency.
 */
public final class GrafanaFake implements AutoCloseable {
    public static final String TOKEN = "glsa_fake_0123456789";
    public static final String PASSWORD = "fake-admin-password";

    final AtomicInteger ids = new AtomicInteger();
    final GrafanaFakeCatalog catalog = new GrafanaFakeCatalog(this);
    final GrafanaFakeSources sources = new GrafanaFakeSources(this);
    final GrafanaFakeAlerting alerting = new GrafanaFakeAlerting(this);
    final GrafanaFakeApps apps = new GrafanaFakeApps(catalog);
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean databaseFailing;

    /** A request as the handlers see it: path segments after the leading slash, a multi-valued query, a JSON body. */
    record Call(String method, List<String> path, Map<String, List<String>> query, Map<String, List<String>> headers, JsonNode body) {
        String param(String name) {
            List<String> v = query.get(name);
            return v == null || v.isEmpty() ? null : v.getFirst();
        }

        List<String> params(String name) {
            return query.getOrDefault(name, List.of());
        }

        int intParam(String name, int fallback) {
            String v = param(name);
            return v == null || v.isEmpty() ? fallback : Integer.parseInt(v);
        }

        String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.getFirst();
        }

        String seg(int i) {
            return i < path.size() ? path.get(i) : null;
        }
    }

    /** An answer: status, body (null: none) and extra headers. */
    record Answer(int status, byte[] body, String contentType, Map<String, String> headers) {
        static Answer json(int status, Object body) {
            return new Answer(status, Json.mapper().writeValueAsBytes(body), "application/json", Map.of());
        }

        static Answer message(int status, String message) {
            return json(status, Map.of("message", message));
        }

        static Answer empty(int status) {
            return new Answer(status, null, null, Map.of());
        }

        Answer with(Map<String, String> extra) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.putAll(extra);
            return new Answer(status, body, contentType, h);
        }
    }

    private GrafanaFake() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static GrafanaFake start() throws IOException {
        return new GrafanaFake();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Waits this long before each answer (a realistic 20 ms for benchmarks). */
    public void delay(Duration d) {
        delay = d;
    }

    /** Health then answers 503 with database "failing". */
    public void databaseFailing(boolean failing) {
        databaseFailing = failing;
    }

    /** Requests answered so far (health included). */
    public int requests() {
        return requests.get();
    }

    /** "METHOD /path?query" of every request so far. */
    public List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    // Seeding, for tests: the same state the HTTP API changes.

    public void addFolder(String uid, String title, String parentUid) {
        catalog.addFolder(uid, title, parentUid);
    }

    public void addDashboard(String uid, String title, String folderUid, String... tags) {
        catalog.addDashboard(uid, title, folderUid, List.of(tags), null);
    }

    /** A dashboard whose panels query the datasource {@code datasourceUid}. */
    public void addDashboardUsing(String uid, String title, String folderUid, String datasourceUid) {
        catalog.addDashboard(uid, title, folderUid, List.of(), datasourceUid);
    }

    /** The classic route then answers 406 for it, as for a dashboard stored in schema v2. */
    public void storeAsSchemaV2(String uid) {
        catalog.markV2(uid);
    }

    /**
     * A dashboard stored in schema v2: one timeseries panel whose query names {@code datasourceUid} (null: none) as
     * {@code "datasource": {"name": UID}}, in a grid layout. The classic route answers it with 406; the app-platform
     * routes (v2, v2beta1) serve it.
     */
    public void addDashboardV2(String uid, String title, String folderUid, String datasourceUid) {
        catalog.addDashboardV2(uid, title, folderUid, datasourceUid);
    }

    /** The API version the 406 for a schema-v2 dashboard names (default v2; one not served makes that route 404). */
    public void schemaV2Version(String version) {
        catalog.v2Version = version;
    }

    /** Whether the dashboard is stored in schema v2 (written through a v2 route or seeded so). */
    public boolean storedAsSchemaV2(String uid) {
        return catalog.isV2(uid);
    }

    public void addDatasource(String uid, String name, String type, String url, Map<String, String> secrets) {
        sources.add(uid, name, type, url, secrets);
    }

    /** Its health check then answers 400 (the plugin cannot reach its backend). */
    public void datasourceFailing(String uid) {
        sources.failing(uid);
    }

    public void addLibraryPanel(String uid, String name, String folderUid) {
        sources.addLibraryPanel(uid, name, folderUid);
    }

    public void addAlertRule(String uid, String title, String folderUid, String group, String datasourceUid) {
        alerting.addRule(uid, title, folderUid, group, datasourceUid);
    }

    /** A contact point; {@code secrets} are its secure settings, which Grafana shows only as [REDACTED]. */
    public void addContactPoint(String uid, String name, String type, Map<String, String> settings, Map<String, String> secrets) {
        alerting.addContactPoint(uid, name, type, settings, secrets);
    }

    public void addMuteTiming(String name) {
        alerting.addMuteTiming(name);
    }

    public void addTemplate(String name, String text) {
        alerting.addTemplate(name, text);
    }

    /** The stored dashboard model (as GET returns under "dashboard"), or null. */
    public JsonNode dashboardModel(String uid) {
        return catalog.model(uid);
    }

    /** A datasource's stored secret values, to check a restore put them back. */
    public Map<String, String> datasourceSecrets(String uid) {
        return sources.secrets(uid);
    }

    public int dashboardCount() {
        return catalog.dashboardCount();
    }

    public int folderCount() {
        return catalog.folderCount();
    }

    int nextId() {
        return ids.incrementAndGet();
    }

    static String now() {
        return Instant.now().toString();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            URI uri = exchange.getRequestURI();
            log.add(exchange.getRequestMethod() + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            if (!delay.isZero()) {
                Thread.sleep(delay);
            }
            Answer answer;
            try {
                answer = route(exchange, uri);
            } catch (NumberFormatException e) {
                answer = Answer.message(400, "bad request data");
            }
            send(exchange, answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Answer route(HttpExchange exchange, URI uri) throws IOException {
        List<String> path = new ArrayList<>();
        for (String s : uri.getRawPath().split("/")) {
            if (!s.isEmpty()) {
                path.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
            }
        }
        String method = exchange.getRequestMethod();
        if (path.equals(List.of("api", "health"))) {
            return databaseFailing ? Answer.json(503, Map.of("database", "failing", "version", "13.1.0", "commit", "abc123"))
                    : Answer.json(200, Map.of("database", "ok", "version", "13.1.0", "commit", "abc123"));
        }
        if (path.equals(List.of("healthz"))) {
            return new Answer(200, "Ok".getBytes(StandardCharsets.UTF_8), "text/plain", Map.of());
        }
        if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return Answer.json(401, Map.of("message", "Unauthorized", "messageId", "auth.unauthorized", "statusCode", 401));
        }
        JsonNode body;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            body = bytes.length == 0 ? NullNode.getInstance() : Json.mapper().readTree(bytes);
        } catch (tools.jackson.core.JacksonException e) {
            return Answer.message(400, "bad request data");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
        Call call = new Call(method, path, query(uri.getRawQuery()), headers, body);
        if (!path.isEmpty() && path.getFirst().equals("apis")) {
            synchronized (this) {
                return apps.handle(call);
            }
        }
        if (path.size() < 2 || !path.getFirst().equals("api")) {
            return Answer.message(404, "Not found");
        }
        synchronized (this) {
            return switch (path.get(1)) {
                case "search", "dashboards", "folders" -> catalog.handle(call);
                case "datasources", "library-elements" -> sources.handle(call);
                case "v1" -> alerting.handle(call);
                default -> Answer.message(404, "Not found");
            };
        }
    }

    private static boolean authorized(String header) {
        if (header == null) {
            return false;
        }
        if (header.equals("Bearer " + TOKEN)) {
            return true;
        }
        String basic = "admin:" + PASSWORD;
        return header.equals("Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return q;
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        if (answer.body() == null) {
            exchange.sendResponseHeaders(answer.status(), -1);
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        }
    }

    static ObjectNode object() {
        return Json.mapper().createObjectNode();
    }
}
