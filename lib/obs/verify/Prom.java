package obs.verify;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import obs.access.Endpoints.Reply;
import tools.jackson.databind.JsonNode;

/** Prometheus' HTTP API as the steps use it. */
final class Prom {
    static final String PROMETHEUS = "prometheus";

    private Prom() {
    }

    /** The result list of an instant query. */
    static JsonNode query(Calls calls, String expr) throws Calls.Failed, InterruptedException {
        return api(calls, "/api/v1/query?query=" + enc(expr)).path("result");
    }

    /** The data of an API call, or a failure with Prometheus' error. */
    static JsonNode api(Calls calls, String path) throws Calls.Failed, InterruptedException {
        Reply reply = calls.get(PROMETHEUS, path);
        JsonNode root = Calls.json("Prometheus", reply);
        if (!"success".equals(root.path("status").asString(""))) {
            throw new Calls.Failed("Prometheus answered HTTP " + reply.status() + ": " + root.path("error").asString("no error text"));
        }
        return root.path("data");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
