package obs.verify;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import obs.access.Endpoints.Reply;
import obs.core.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fire drill: an alert labelled with the run id is posted to Alertmanager's v2 API, found again with the
 * receiver its routing tree picks, and resolved at the end; and the always-firing Watchdog from Prometheus must be
 * held by Alertmanager (the dead-man check).
 */
final class AlertsStep implements Step {
    static final String ALERTMANAGER = "alertmanager";
    static final String DRILL = "ObsVerifyFireDrill";
    static final String WATCHDOG = "Watchdog";
    /** If the run dies before resolving it, Alertmanager resolves the drill by itself after this. */
    static final long DRILL_LIFETIME_MINUTES = 10;

    @Override
    public StepName name() {
        return StepName.alerts;
    }

    @Override
    public Optional<String> skipReason(Run run) {
        return Step.needs(run, ALERTMANAGER);
    }

    /** The drill's labels: severity none routes it like the Watchdog's siblings, never to a pager. */
    static Map<String, String> drillLabels(Run run) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", DRILL);
        labels.put("severity", "none");
        labels.put("obs_run_id", run.id());
        return labels;
    }

    @Override
    public void run(Run run, Outcome out) throws Exception {
        Calls calls = new Calls(run);
        Parts.all(List.of(() -> drill(run, calls, out), () -> watchdog(run, calls, out)));
    }

    private static void drill(Run run, Calls calls, Outcome out) throws Exception {
        Map<String, String> labels = drillLabels(run);
        Instant now = Instant.now();
        long posted = System.nanoTime();
        try {
            post(calls, labels, now, now.plus(DRILL_LIFETIME_MINUTES, ChronoUnit.MINUTES));
        } catch (Calls.Failed e) {
            out.problem("fire drill: posting the alert failed: " + e.getMessage());
            return;
        }
        Cleanup.Undo resolve = run.cleanup().add("resolve the fire drill alert " + DRILL + "{obs_run_id=\"" + run.id() + "\"}",
                () -> post(calls.forCleanup(), labels, now, Instant.now()));
        String filter = "/api/v2/alerts?active=true&filter=" + Prom.enc("obs_run_id=\"" + run.id() + "\"");
        try {
            String[] last = {null};
            Optional<JsonNode> alert = Poll.until(run.deadline(), () -> {
                try {
                    Reply r = calls.get(ALERTMANAGER, filter);
                    if (r.status() != 200) {
                        throw Calls.status("Alertmanager", r);
                    }
                    JsonNode list = Calls.json("Alertmanager", r);
                    return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
                } catch (Calls.Failed e) {
                    last[0] = e.getMessage();
                    return Optional.empty();
                }
            });
            if (alert.isEmpty()) {
                out.problem("fire drill: the posted alert never showed in Alertmanager's API" + (last[0] == null ? "" : " (" + last[0] + ")"));
                return;
            }
            out.delivered("alertmanager", (System.nanoTime() - posted) / 1_000_000);
            judge(calls, alert.get(), labels, out);
        } finally {
            resolved(calls, resolve, filter, out);
        }
    }

    /** Resolves the drill (endsAt now) and checks that Alertmanager no longer lists it as active. */
    private static void resolved(Calls calls, Cleanup.Undo resolve, String filter, Outcome out) {
        String failure = resolve.run();
        if (failure != null) {
            out.problem("fire drill: " + failure);
            return;
        }
        try {
            Reply r = calls.forCleanup().get(ALERTMANAGER, filter);
            if (r.status() == 200 && Calls.json("Alertmanager", r).isEmpty()) {
                out.ok("drill alert resolved");
            } else {
                out.problem("fire drill: the alert is still active after being resolved (HTTP " + r.status() + ")");
            }
        } catch (Calls.Failed e) {
            out.problem("fire drill: resolved, but checking that it left failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void post(Calls calls, Map<String, String> labels, Instant startsAt, Instant endsAt) throws Calls.Failed, InterruptedException {
        ObjectNode alert = Json.mapper().createObjectNode();
        ObjectNode l = alert.putObject("labels");
        labels.forEach(l::put);
        alert.putObject("annotations").put("summary", "verify-installation fire drill; the same run resolves it");
        alert.put("startsAt", startsAt.toString());
        alert.put("endsAt", endsAt.toString());
        ArrayNode body = Json.mapper().createArrayNode().add(alert);
        Reply reply = calls.post(ALERTMANAGER, null, "/api/v2/alerts", "application/json", body.toString());
        if (reply.status() != 200) {
            throw Calls.status("Alertmanager", reply);
        }
    }

    /** Suppressed, routed to a receiver without integrations, or routed as it should be. */
    private static void judge(Calls calls, JsonNode alert, Map<String, String> labels, Outcome out) throws InterruptedException {
        List<String> receivers = new ArrayList<>();
        alert.path("receivers").forEach(r -> receivers.add(r.path("name").asString()));
        JsonNode status = alert.path("status");
        if (!"active".equals(status.path("state").asString(""))) {
            out.problem("fire drill: the alert is " + status.path("state").asString("in no state") + " (silenced by "
                    + status.path("silencedBy") + ", inhibited by " + status.path("inhibitedBy") + ")");
            return;
        }
        Receivers config;
        try {
            Reply r = calls.get(ALERTMANAGER, "/api/v2/status");
            if (r.status() != 200) {
                throw Calls.status("Alertmanager", r);
            }
            config = Receivers.parse(Calls.json("Alertmanager", r).path("config").path("original").asString(""));
        } catch (Calls.Failed e) {
            out.problem("fire drill: reading Alertmanager's configuration failed: " + e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            out.problem("fire drill: Alertmanager's configuration cannot be read: " + e.getMessage());
            return;
        }
        List<String> silent = receivers.stream().filter(r -> config.integrations(r).isEmpty()).toList();
        String routed = "routed to receiver " + String.join(", ", receivers.stream().map(r -> "'" + r + "'"
                + (config.integrations(r).isEmpty() ? "" : " (" + String.join(", ", config.integrations(r)) + ")")).toList());
        if (receivers.isEmpty()) {
            out.problem("fire drill: Alertmanager names no receiver for the alert");
        } else if (!silent.isEmpty() && config.anyIntegration()) {
            out.problem("fire drill: the routing tree sends " + labels + " to receiver '" + silent.getFirst()
                    + "', which has no integrations: alerts like it reach no one");
        } else if (!config.anyIntegration()) {
            out.ok("fire drill " + routed + " (no receiver of this Alertmanager has integrations: alerts show only in its API)");
        } else {
            out.ok("fire drill " + routed);
        }
    }

    private static void watchdog(Run run, Calls calls, Outcome out) throws Exception {
        String path = "/api/v2/alerts?active=true&filter=" + Prom.enc("alertname=\"" + WATCHDOG + "\"");
        String[] why = {null};
        Optional<List<String>> held = Poll.until(run.deadline(), () -> {
            if (run.has(Prom.PROMETHEUS)) {
                why[0] = ruleProblem(calls);
                if (why[0] != null && why[0].startsWith("no ")) {
                    // Nothing will ever fire it: waiting for the deadline would only delay the answer.
                    return Optional.of(List.of());
                }
            }
            try {
                Reply r = calls.get(ALERTMANAGER, path);
                if (r.status() != 200) {
                    throw Calls.status("Alertmanager", r);
                }
                JsonNode list = Calls.json("Alertmanager", r);
                if (list.isEmpty()) {
                    return Optional.empty();
                }
                List<String> names = new ArrayList<>();
                list.get(0).path("receivers").forEach(x -> names.add(x.path("name").asString()));
                return Optional.of(names);
            } catch (Calls.Failed e) {
                why[0] = e.getMessage();
                return Optional.empty();
            }
        });
        if (held.isPresent() && !held.get().isEmpty()) {
            out.ok("Watchdog held by Alertmanager (receiver " + String.join(", ", held.get()) + ")");
        } else {
            out.problem("Watchdog is not held by Alertmanager: " + (why[0] != null ? why[0]
                    : "Prometheus fires it but does not deliver it (see Prometheus' /api/v1/alertmanagers)"));
        }
    }

    /** What Prometheus says of its Watchdog rule: null when it fires, else why not. */
    private static String ruleProblem(Calls calls) throws InterruptedException {
        try {
            for (JsonNode group : Prom.api(calls, "/api/v1/rules?type=alert").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (WATCHDOG.equals(rule.path("name").asString(""))) {
                        String state = rule.path("state").asString("");
                        return state.equals("firing") ? null : "Prometheus' Watchdog rule (" + group.path("file").asString()
                                + ") is " + state + (rule.has("lastError") ? ": " + rule.path("lastError").asString() : "");
                    }
                }
            }
            return "no Watchdog rule is loaded in Prometheus (manifests/prometheus/rules/stack.yml defines it: always firing, "
                    + "so its absence from Alertmanager shows that alerting broke)";
        } catch (Calls.Failed e) {
            return "Prometheus' rules could not be read: " + e.getMessage();
        }
    }
}
