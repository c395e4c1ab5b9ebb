package obs.checks;

import java.util.regex.Pattern;
import obs.access.Endpoints.Reply;
import obs.core.JsonTree;
import obs.http.PlainHttp;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Equivalent to {@code curl -s URL}: the expected status, then an optional body regex or JSON field. */
final class HttpEvaluator implements Evaluator {
    @Override
    public Outcome evaluate(Check check, Target t) throws InterruptedException {
        Check.Http http = check.http();
        Reply reply;
        try {
            reply = Fetch.get(t, http.port(), http.path(), check.timeout());
        } catch (Fetch.Unreachable e) {
            return Outcome.fail(e.getMessage());
        }
        if (reply.status() != http.status()) {
            return Outcome.fail("HTTP " + reply.status() + " from " + http.path() + " (expected " + http.status() + "): "
                    + PlainHttp.excerpt(reply.body()));
        }
        if (http.body() != null && !Pattern.compile(http.body()).matcher(reply.body()).find()) {
            return Outcome.fail(http.path() + " answered " + reply.status() + " but the body does not match /" + http.body()
                    + "/: " + PlainHttp.excerpt(reply.body()));
        }
        if (http.json() != null) {
            JsonNode value;
            try {
                value = JsonTree.read(reply.body()).at(http.json().pointer());
            } catch (JacksonException e) {
                return Outcome.fail(http.path() + " did not return JSON: " + PlainHttp.excerpt(reply.body()));
            }
            String actual = value.isMissingNode() ? null : value.isValueNode() ? value.asString() : value.toString();
            if (!http.json().equals().equals(actual)) {
                return Outcome.fail(http.path() + " " + http.json().pointer() + " is " + (actual == null ? "missing" : "'" + actual + "'")
                        + ", expected '" + http.json().equals() + "'");
            }
        }
        return Outcome.ok("HTTP " + reply.status() + " from " + http.path());
    }
}
