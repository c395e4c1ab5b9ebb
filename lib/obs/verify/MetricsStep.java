package obs.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import obs.access.Endpoints.Reply;
import obs.stack.Stack;
import tools.jackson.databind.JsonNode;

/**
 * The metrics pipeline: the stack's own scrape targets are up, a metric pushed to the Pushgateway and a sample sent
 * to the remote-write receiver are found by PromQL, and every rule evaluates without error.
 */
final class MetricsStep implements Step {
    static final String CANARY = "obs_verify_canary";
    static final String REMOTE_CANARY = "obs_verify_remote_write";
    static final String PUSH_JOB = "obs-verify";

    @Override
    public StepName name() {
        return StepName.metrics;
    }

    @Override
    public Optional<String> skipReason(Run run) {
        return Step.needs(run, Prom.PROMETHEUS);
    }

    @Override
    public void run(Run run, Outcome out) throws Exception {
        Calls calls = new Calls(run);
        try {
            // The checks wait on different pipelines: together they take as long as the slowest.
            Parts.all(List.of(() -> targets(calls, out), () -> {
                if (run.has("pushgateway")) {
                    pushgateway(run, calls, out);
                } else {
                    out.ok("no Pushgateway " + Step.where(run) + ": push not tried");
                }
            }, () -> remoteWrite(run, calls, out), () -> rules(run, calls, out)));
        } finally {
            run.evidence().metric.complete(false);
        }
    }

    /** Targets of the stack's own jobs (named after its components) that are down, with the scrape error. */
    private static void targets(Calls calls, Outcome out) throws InterruptedException {
        JsonNode active;
        try {
            active = Prom.api(calls, "/api/v1/targets?state=active").path("activeTargets");
        } catch (Calls.Failed e) {
            out.problem("scrape targets: " + e.getMessage());
            return;
        }
        List<String> down = new ArrayList<>();
        int own = 0;
        for (JsonNode t : active) {
            String job = t.path("labels").path("job").asString("");
            if (Stack.find(job).isEmpty()) {
                continue;
            }
            own++;
            if ("down".equals(t.path("health").asString(""))) {
                down.add(job + " " + t.path("labels").path("instance").asString("") + " (" + t.path("lastError").asString("no error text") + ")");
            }
        }
        if (down.isEmpty()) {
            out.ok(own + " scrape targets of the stack up");
        } else {
            out.problem("scrape targets down: " + String.join(", ", down));
        }
    }

    private static void pushgateway(Run run, Calls calls, Outcome out) throws Exception {
        String group = "/metrics/job/" + PUSH_JOB + "/run_id/" + run.id();
        String body = "# TYPE " + CANARY + " gauge\n" + CANARY + "{trace_id=\"" + run.traceId() + "\"} " + System.currentTimeMillis() / 1000 + "\n";
        long pushed = System.nanoTime();
        try {
            Reply reply = calls.send("pushgateway", null, "PUT", group, Map.of("Content-Type", "text/plain; version=0.0.4"),
                    body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (reply.status() / 100 != 2) {
                throw Calls.status("the Pushgateway", reply);
            }
        } catch (Calls.Failed e) {
            out.problem("push to the Pushgateway failed: " + e.getMessage());
            return;
        }
        run.cleanup().add("delete the pushed group " + group, () -> {
            Reply r = calls.forCleanup().send("pushgateway", null, "DELETE", group, Map.of(), null);
            if (r.status() / 100 != 2) {
                throw Calls.status("the Pushgateway", r);
            }
        });
        String expr = CANARY + "{job=\"" + PUSH_JOB + "\",run_id=\"" + run.id() + "\"}";
        if (found(run, calls, expr, out, "pushed metric")) {
            long ms = (System.nanoTime() - pushed) / 1_000_000;
            out.delivered("pushgateway", ms);
            out.ok("pushed metric " + expr + " queried back after " + ms + " ms");
            run.evidence().metric.complete(true);
        }
    }

    private static void remoteWrite(Run run, Calls calls, Outcome out) throws Exception {
        Map<String, String> labels = new TreeMap<>(Map.of("__name__", REMOTE_CANARY, "job", PUSH_JOB, "run_id", run.id(),
                "trace_id", run.traceId()));
        long pushed = System.nanoTime();
        Reply reply;
        try {
            reply = calls.send(Prom.PROMETHEUS, null, "POST", "/api/v1/write", Map.of("Content-Type", "application/x-protobuf",
                    "Content-Encoding", "snappy", "X-Prometheus-Remote-Write-Version", "0.1.0"),
                    RemoteWrite.request(labels, 1, System.currentTimeMillis()));
        } catch (Calls.Failed e) {
            out.problem("remote write: " + e.getMessage());
            return;
        }
        if (reply.status() == 404 && !run.has("tempo")) {
            out.ok("remote-write receiver off (only Tempo's metrics generator needs it, and Tempo is not installed)");
            return;
        }
        if (reply.status() / 100 != 2) {
            out.problem("remote write rejected: " + Calls.status("Prometheus", reply).getMessage());
            return;
        }
        String expr = REMOTE_CANARY + "{run_id=\"" + run.id() + "\"}";
        if (found(run, calls, expr, out, "remote-written sample")) {
            long ms = (System.nanoTime() - pushed) / 1_000_000;
            out.delivered("remote-write", ms);
            out.ok("remote-written sample queried back after " + ms + " ms");
            run.evidence().metric.complete(true);
        }
    }

    private static boolean found(Run run, Calls calls, String expr, Outcome out, String what) throws Exception {
        String[] last = {"never queried"};
        Optional<Boolean> hit = Poll.until(run.deadline(), () -> {
            try {
                return Prom.query(calls, expr).isEmpty() ? Optional.empty() : Optional.of(true);
            } catch (Calls.Failed e) {
                last[0] = e.getMessage();
                return Optional.empty();
            }
        });
        if (hit.isEmpty()) {
            out.problem(what + " " + expr + " not found by a query before the deadline"
                    + (last[0].equals("never queried") ? "" : " (last query: " + last[0] + ")"));
        }
        return hit.isPresent();
    }

    /** Rule groups: waits until every rule has been evaluated once, then lists the ones whose evaluation failed. */
    private static void rules(Run run, Calls calls, Outcome out) throws Exception {
        String[] last = {null};
        Optional<JsonNode> groups = Poll.until(run.deadline(), () -> {
            try {
                JsonNode g = Prom.api(calls, "/api/v1/rules").path("groups");
                last[0] = null;
                for (JsonNode group : g) {
                    for (JsonNode rule : group.path("rules")) {
                        if ("unknown".equals(rule.path("health").asString(""))) {
                            return Optional.empty();
                        }
                    }
                }
                return Optional.of(g);
            } catch (Calls.Failed e) {
                last[0] = e.getMessage();
                return Optional.empty();
            }
        });
        if (groups.isEmpty()) {
            out.problem(last[0] != null ? "rules: " + last[0] : "rules: some were still not evaluated at the deadline");
            return;
        }
        List<String> failing = new ArrayList<>();
        int rules = 0;
        for (JsonNode group : groups.get()) {
            for (JsonNode rule : group.path("rules")) {
                rules++;
                if ("err".equals(rule.path("health").asString(""))) {
                    failing.add("group " + group.path("name").asString() + " (" + group.path("file").asString() + ") rule "
                            + rule.path("name").asString() + ": " + rule.path("lastError").asString("no error text"));
                }
            }
        }
        if (groups.get().isEmpty()) {
            out.problem("no rule groups loaded in Prometheus");
        } else if (!failing.isEmpty()) {
            out.problem("rule evaluation fails: " + String.join("; ", failing));
        } else {
            out.ok(groups.get().size() + " rule groups (" + rules + " rules) evaluate without errors");
        }
    }
}
