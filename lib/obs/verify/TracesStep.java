package obs.verify;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import obs.access.Endpoints.Reply;
import obs.core.Json;
import obs.http.PlainHttp;
import obs.stack.Stack;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The traces pipeline: a span with the run's trace id sent over OTLP/HTTP (and Zipkin and Jaeger where their ports are
 * reachable)
 * is fetched back by id from Tempo's query API; with the metrics generator on, its span-metrics series appear in
 * Prometheus.
 */
final class TracesStep implements Step {
    static final String TEMPO = "tempo";
    static final String SERVICE = "obs-verify";

    @Override
    public StepName name() {
        return StepName.traces;
    }

    @Override
    public Optional<String> skipReason(Run run) {
        return Step.needs(run, TEMPO);
    }

    @Override
    public void run(Run run, Outcome out) throws Exception {
        Calls calls = new Calls(run);
        try {
            Parts.all(List.of(() -> otlp(run, calls, out), () -> {
                if (run.stack().endpoints().route(Stack.get(TEMPO), port("zipkin")).isPresent()) {
                    zipkin(run, calls, out);
                }
            }, () -> {
                if (run.stack().endpoints().route(Stack.get(TEMPO), port("jaeger-thrift")).isPresent()) {
                    jaeger(run, calls, out);
                }
            }, () -> {
                if (run.has(Prom.PROMETHEUS)) {
                    spanMetrics(run, calls, out);
                }
            }));
        } finally {
            run.evidence().trace.complete(false);
        }
    }

    private static obs.stack.Component.Port port(String name) {
        return Stack.get(TEMPO).ports().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /** OTLP/JSON: ids in hex (contracts/tempo.md), times as strings, enums as integers. */
    static String otlpBody(Run run, String traceId, String spanId) {
        long now = System.currentTimeMillis() * 1_000_000L;
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode rs = root.putArray("resourceSpans").addObject();
        rs.putObject("resource").putArray("attributes").addObject().put("key", "service.name").putObject("value").put("stringValue", SERVICE);
        ObjectNode ss = rs.putArray("scopeSpans").addObject();
        ss.putObject("scope").put("name", "obs");
        ObjectNode span = ss.putArray("spans").addObject();
        span.put("traceId", traceId).put("spanId", spanId).put("name", "verify-installation").put("kind", 2)
                .put("startTimeUnixNano", Long.toString(now - 1_000_000L)).put("endTimeUnixNano", Long.toString(now));
        span.putArray("attributes").addObject().put("key", "run_id").putObject("value").put("stringValue", run.id());
        return root.toString();
    }

    private static void otlp(Run run, Calls calls, Outcome out) throws Exception {
        byte[] body = otlpBody(run, run.traceId(), run.spanId()).getBytes(StandardCharsets.UTF_8);
        if (roundTrip(run, calls, out, new Export("OTLP/HTTP", "otlp-http", "/v1/traces", "application/json", body, "tempo"),
                run.traceId(), run.spanId())) {
            run.evidence().trace.complete(true);
        }
    }

    private static void zipkin(Run run, Calls calls, Outcome out) throws Exception {
        String traceId = Run.hex(16);
        String spanId = Run.hex(8);
        ArrayNode spans = Json.mapper().createArrayNode();
        ObjectNode span = spans.addObject();
        span.put("traceId", traceId).put("id", spanId).put("name", "verify-installation").put("kind", "SERVER")
                .put("timestamp", System.currentTimeMillis() * 1000).put("duration", 1000);
        span.putObject("localEndpoint").put("serviceName", SERVICE);
        span.putObject("tags").put("run_id", run.id());
        roundTrip(run, calls, out, new Export("Zipkin", "zipkin", "/api/v2/spans", "application/json",
                spans.toString().getBytes(StandardCharsets.UTF_8), "tempo-zipkin"), traceId, spanId);
    }

    private static void jaeger(Run run, Calls calls, Outcome out) throws Exception {
        String traceId = Run.hex(16);
        String spanId = Run.hex(8);
        byte[] body = JaegerThrift.batch(SERVICE, traceId, spanId, "verify-installation", System.currentTimeMillis() * 1000, 1000,
                java.util.Map.of("run_id", run.id()));
        roundTrip(run, calls, out, new Export("Jaeger (thrift over HTTP)", "jaeger-thrift", "/api/traces", "application/x-thrift",
                body, "tempo-jaeger"), traceId, spanId);
    }

    /**
     * One span sent to Tempo's receiver {@code port} and fetched back by id.
     *
     * @param protocol what messages call it
     * @param delivery the key of its delivery time in the report
     */
    private record Export(String protocol, String port, String path, String type, byte[] body, String delivery) {
    }

    /** Sends the span, polls for it by trace id and reports either way; true when it came back. */
    private static boolean roundTrip(Run run, Calls calls, Outcome out, Export e, String traceId, String spanId) throws Exception {
        long sent = System.nanoTime();
        String problem = send(run, calls, e.port(), e.path(), e.type(), e.body());
        if (problem != null) {
            out.problem(e.protocol() + " export to Tempo failed: " + problem);
            return false;
        }
        if (!fetched(run, calls, traceId, spanId, out, e.protocol())) {
            return false;
        }
        long ms = (System.nanoTime() - sent) / 1_000_000;
        out.delivered(e.delivery(), ms);
        out.ok("trace " + traceId + " sent over " + e.protocol() + " fetched back by id after " + ms + " ms");
        return true;
    }

    /** Sends, again with backoff on 429 and 503 (Tempo's transient answers), until the deadline; null when accepted. */
    private static String send(Run run, Calls calls, String port, String path, String type, byte[] body) throws Exception {
        String[] transient_ = {null};
        Optional<String> answer = Poll.until(run.deadline(), () -> {
            Reply r;
            try {
                r = calls.send(TEMPO, port, "POST", path, java.util.Map.of("Content-Type", type), body);
            } catch (Calls.Failed e) {
                return Optional.of(e.getMessage());
            }
            if (r.status() == 429 || r.status() == 503) {
                transient_[0] = "HTTP " + r.status() + ": " + PlainHttp.excerpt(r.body());
                return Optional.empty();
            }
            return Optional.of(r.status() / 100 == 2 ? "" : "Tempo answered HTTP " + r.status() + ": " + PlainHttp.excerpt(r.body()));
        });
        if (answer.isEmpty()) {
            return "Tempo kept refusing until the deadline (" + transient_[0] + ")";
        }
        return answer.get().isEmpty() ? null : answer.get();
    }

    /** Polls trace-by-id (v2: an unknown trace is 200 {"trace":{}}) until the span comes back with the run id. */
    private static boolean fetched(Run run, Calls calls, String traceId, String spanId, Outcome out, String how) throws Exception {
        String[] last = {"the trace came back empty"};
        Optional<Boolean> hit = Poll.until(run.deadline(), () -> {
            try {
                Reply r = calls.get(TEMPO, "/api/v2/traces/" + traceId);
                if (r.status() != 200) {
                    throw Calls.status("Tempo", r);
                }
                JsonNode trace = Calls.json("Tempo", r).path("trace");
                if (trace.path("resourceSpans").isEmpty()) {
                    last[0] = "the trace came back empty";
                    return Optional.empty();
                }
                if (hasSpan(trace, spanId, run.id())) {
                    return Optional.of(true);
                }
                last[0] = "the trace came back without span " + spanId + " carrying run_id " + run.id();
                return Optional.empty();
            } catch (Calls.Failed e) {
                last[0] = e.getMessage();
                return Optional.empty();
            }
        });
        if (hit.isEmpty()) {
            out.problem(how + " trace " + traceId + " not fetched back by id before the deadline: " + last[0]);
        }
        return hit.isPresent();
    }

    /** Tempo answers ids in base64 (its protobuf JSON); hex is accepted too, for the day it switches. */
    static boolean hasSpan(JsonNode trace, String spanIdHex, String runId) {
        String base64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(spanIdHex));
        for (JsonNode rs : trace.path("resourceSpans")) {
            for (JsonNode ss : rs.path("scopeSpans")) {
                for (JsonNode span : ss.path("spans")) {
                    String id = span.path("spanId").asString("");
                    if (id.equals(base64) || id.equalsIgnoreCase(spanIdHex)) {
                        for (JsonNode a : span.path("attributes")) {
                            if ("run_id".equals(a.path("key").asString("")) && runId.equals(a.path("value").path("stringValue").asString(""))) {
                                return true;
                            }
                        }
                    }
                }
            }
        }
        return false;
    }

    /** With Tempo's metrics generator on, span metrics of this service reach Prometheus over remote write. */
    private static void spanMetrics(Run run, Calls calls, Outcome out) throws Exception {
        String ours = "traces_spanmetrics_calls_total{service=\"" + SERVICE + "\"}";
        try {
            if (Prom.query(calls, "count({__name__=~\"traces_spanmetrics_calls_total|traces_service_graph_request_total\"})").isEmpty()) {
                out.ok("no span-metrics or service-graph series in Prometheus: Tempo's metrics generator is off");
                return;
            }
        } catch (Calls.Failed e) {
            // Prometheus itself is the metrics step's concern; the traces pipeline is not at fault.
            out.ok("span metrics not checked: " + e.getMessage());
            return;
        }
        Optional<Boolean> hit = Poll.until(run.deadline(), () -> {
            try {
                return Prom.query(calls, ours).isEmpty() ? Optional.empty() : Optional.of(true);
            } catch (Calls.Failed e) {
                return Optional.empty();
            }
        });
        if (hit.isPresent()) {
            out.ok("span metrics of " + SERVICE + " in Prometheus");
        } else {
            out.problem("the metrics generator writes series, but " + ours + " did not appear before the deadline");
        }
    }
}
