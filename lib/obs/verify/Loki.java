package obs.verify;

import java.util.Map;
import java.util.Optional;
import obs.access.Endpoints.Reply;
import obs.core.Json;
import obs.http.PlainHttp;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Loki's push and query API as the logs step uses it (contracts/loki.md: text/plain errors, 204 on push, 429 when limited). */
final class Loki {
    static final String LOKI = "loki";

    private Loki() {
    }

    /**
     * Pushes one line (JSON form), again with backoff while Loki answers 429, until the deadline.
     *
     * @return null when accepted, else what Loki said
     */
    static String push(Run run, Calls calls, Map<String, String> labels, long nanos, String line) throws Exception {
        ObjectNode body = Json.mapper().createObjectNode();
        ObjectNode stream = body.putArray("streams").addObject();
        ObjectNode l = stream.putObject("stream");
        labels.forEach(l::put);
        stream.putArray("values").addArray().add(Long.toString(nanos)).add(line);
        String[] limited = {null};
        Optional<String> answer = Poll.until(run.deadline(), () -> {
            Reply r;
            try {
                r = calls.post(LOKI, null, "/loki/api/v1/push", "application/json", body.toString());
            } catch (Calls.Failed e) {
                return Optional.of(e.getMessage());
            }
            if (r.status() == 429) {
                limited[0] = PlainHttp.excerpt(r.body());
                return Optional.empty();
            }
            return Optional.of(r.status() == 204 || r.status() == 200 ? "" : "Loki answered HTTP " + r.status() + ": " + PlainHttp.excerpt(r.body()));
        });
        if (answer.isEmpty()) {
            return "Loki kept answering 429 (rate limited) until the deadline: " + limited[0];
        }
        return answer.get().isEmpty() ? null : answer.get();
    }

    /** The streams of a log query over [start, end] (Unix ns), newest first; a failure with Loki's text otherwise. */
    static JsonNode query(Calls calls, String logql, long startNanos, long endNanos, int limit) throws Calls.Failed, InterruptedException {
        Reply r = calls.get(LOKI, "/loki/api/v1/query_range?query=" + Prom.enc(logql) + "&start=" + startNanos + "&end=" + endNanos
                + "&limit=" + limit + "&direction=backward");
        if (r.status() != 200) {
            throw Calls.status("Loki", r);
        }
        JsonNode root = Calls.json("Loki", r);
        return root.path("data").path("result");
    }
}
