package obs.checks;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import obs.access.Endpoints.Reply;
import obs.core.JsonTree;
import obs.http.PlainHttp;
import obs.stack.Stack;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Equivalent to {@code promtool query instant PROMETHEUS QUERY} plus a condition: the query runs on the
 * stack's Prometheus, whichever component the check belongs to.
 */
final class PromqlEvaluator implements Evaluator {
    @Override
    public Outcome evaluate(Check check, Target t) throws InterruptedException {
        Check.Promql q = check.promql();
        Condition condition = Condition.parse(q.expect());
        Target prometheus = new Target(Stack.get("prometheus"), t.namespace(), t.kube(), t.endpoints());
        String path = "/api/v1/query?query=" + URLEncoder.encode(q.query(), StandardCharsets.UTF_8);
        Reply reply;
        try {
            reply = Fetch.get(prometheus, null, path, check.timeout());
        } catch (Fetch.Unreachable e) {
            return Outcome.fail("Prometheus unreachable: " + e.getMessage());
        }
        JsonNode root;
        try {
            root = JsonTree.read(reply.body());
        } catch (JacksonException e) {
            return Outcome.fail("Prometheus answered HTTP " + reply.status() + " without JSON: " + PlainHttp.excerpt(reply.body()));
        }
        if (!"success".equals(root.path("status").asString(""))) {
            return Outcome.fail("query failed: " + root.path("error").asString("HTTP " + reply.status()));
        }
        List<Sample> samples;
        try {
            samples = samples(root.path("data"));
        } catch (IllegalArgumentException e) {
            return Outcome.fail("Prometheus answered with a result obs cannot read: " + PlainHttp.excerpt(root.path("data").toString()));
        }
        return judge(q.query(), condition, samples);
    }

    /** A series (its labels, printed the PromQL way) and its value. */
    record Sample(String series, double value) {
    }

    static Outcome judge(String query, Condition condition, List<Sample> samples) {
        switch (condition.op()) {
            case "empty" -> {
                return samples.isEmpty() ? Outcome.ok("no series, as expected")
                        : Outcome.fail(samples.size() + " series where none expected: " + describe(samples));
            }
            case "nonempty" -> {
                return samples.isEmpty() ? Outcome.fail("no series for " + query) : Outcome.ok(samples.size() + " series");
            }
            default -> {
                if (samples.isEmpty()) {
                    return Outcome.fail("no series for " + query + " (expected values " + condition + ")");
                }
                List<Sample> bad = samples.stream().filter(s -> !condition.holds(s.value())).toList();
                return bad.isEmpty() ? Outcome.ok(samples.size() + " series " + condition)
                        : Outcome.fail(bad.size() + " of " + samples.size() + " series not " + condition + ": " + describe(bad));
            }
        }
    }

    private static String describe(List<Sample> samples) {
        List<String> parts = new ArrayList<>();
        for (Sample s : samples.subList(0, Math.min(5, samples.size()))) {
            parts.add(s.series() + " = " + format(s.value()));
        }
        return String.join(", ", parts) + (samples.size() > 5 ? ", and " + (samples.size() - 5) + " more" : "");
    }

    /** A value the way Prometheus prints it: +Inf, -Inf, NaN, integers without a decimal point. */
    private static String format(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /**
     * The samples of a query result.
     *
     * @throws IllegalArgumentException when the result does not have the shape of Prometheus's query API
     */
    static List<Sample> samples(JsonNode data) {
        List<Sample> out = new ArrayList<>();
        String type = data.path("resultType").asString("");
        JsonNode result = data.path("result");
        if (type.equals("scalar")) {
            out.add(new Sample("scalar", value(result)));
            return out;
        }
        if (!result.isArray()) {
            throw new IllegalArgumentException("no result list");
        }
        for (JsonNode item : result) {
            JsonNode value = item.has("value") ? item.path("value") : lastOf(item.path("values"));
            StringBuilder labels = new StringBuilder();
            String name = null;
            for (Map.Entry<String, JsonNode> e : item.path("metric").properties()) {
                if (e.getKey().equals("__name__")) {
                    name = e.getValue().asString();
                } else {
                    labels.append(labels.isEmpty() ? "" : ",").append(e.getKey()).append("=\"").append(e.getValue().asString()).append('"');
                }
            }
            String series = (name == null ? "" : name) + "{" + labels + "}";
            out.add(new Sample(series, value(value)));
        }
        return out;
    }

    /** The number of a [timestamp, "value"] pair; Prometheus writes infinities as +Inf and -Inf, which Java does not parse. */
    private static double value(JsonNode pair) {
        if (pair == null || !pair.isArray() || pair.size() != 2 || !pair.get(1).isString()) {
            throw new IllegalArgumentException("not a [time, value] pair");
        }
        return switch (pair.get(1).asString()) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(pair.get(1).asString());
        };
    }

    private static JsonNode lastOf(JsonNode values) {
        return values.isArray() && !values.isEmpty() ? values.get(values.size() - 1) : null;
    }
}
