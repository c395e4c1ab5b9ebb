package obs.backup;

import java.util.List;
import java.util.Optional;
import obs.backup.RestoreReport.Action;
import obs.grafana.GrafanaAlerting;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Unified alerting back from a set, in dependency order: mute timings and templates (policies and contact points
 * name them), contact points (policies route to them), the policy tree, then rules. The live policy tree is replaced
 * when it is Grafana's default or {@code force} is given; any other existing object is kept unless identical.
 */
final class GrafanaAlertingRestore {
    private static final String PART = "grafana";
    private static final List<String> SERVER_FIELDS = List.of("id", "version", "provenance", "updated", "orgID");
    private final GrafanaAlerting alerting;
    private final boolean dryRun;
    private final boolean force;
    private final RestoreReport report;

    GrafanaAlertingRestore(GrafanaAlerting alerting, boolean dryRun, boolean force, RestoreReport report) {
        this.alerting = alerting;
        this.dryRun = dryRun;
        this.force = force;
        this.report = report;
    }

    void run(JsonNode muteTimings, JsonNode templates, List<ObjectNode> contactPoints, JsonNode policies, JsonNode rules) {
        List<JsonNode> liveTimings = alerting.muteTimings();
        for (JsonNode m : muteTimings) {
            String name = m.path("name").asString("");
            Optional<JsonNode> live = liveTimings.stream().filter(l -> l.path("name").asString("").equals(name)).findFirst();
            if (live.isEmpty()) {
                if (!dryRun) {
                    alerting.createMuteTiming(clean(m));
                }
                report.add(PART, "mute timing " + name, Action.CREATE, "");
            } else {
                boolean same = live.get().path("time_intervals").equals(m.path("time_intervals"));
                report.add(PART, "mute timing " + name, same ? Action.UNCHANGED : Action.KEPT, same ? "" : "exists and differs");
            }
        }
        List<JsonNode> liveTemplates = alerting.templates();
        for (JsonNode t : templates) {
            String name = t.path("name").asString("");
            Optional<JsonNode> live = liveTemplates.stream().filter(l -> l.path("name").asString("").equals(name)).findFirst();
            boolean same = live.isPresent() && live.get().path("template").equals(t.path("template"));
            if (same) {
                report.add(PART, "template " + name, Action.UNCHANGED, "");
            } else if (live.isEmpty() || force) {
                if (!dryRun) {
                    alerting.putTemplate(name, clean(t));
                }
                report.add(PART, "template " + name, live.isEmpty() ? Action.CREATE : Action.REPLACE, "");
            } else {
                report.add(PART, "template " + name, Action.KEPT, "exists and differs");
            }
        }
        List<JsonNode> livePoints = alerting.contactPoints();
        for (ObjectNode p : contactPoints) {
            String uid = p.path("uid").asString("");
            String name = p.path("name").asString("");
            Optional<JsonNode> live = livePoints.stream().filter(l -> l.path("uid").asString("").equals(uid)).findFirst();
            if (live.isEmpty()) {
                if (!dryRun) {
                    alerting.createContactPoint(clean(p));
                }
                report.add(PART, "contact point " + uid, Action.CREATE, name);
            } else {
                boolean same = live.get().path("name").equals(p.path("name")) && live.get().path("type").equals(p.path("type"))
                        && live.get().path("settings").equals(p.path("settings"));
                if (same) {
                    report.add(PART, "contact point " + uid, Action.UNCHANGED, name);
                } else if (force) {
                    if (!dryRun) {
                        alerting.updateContactPoint(uid, clean(p));
                    }
                    report.add(PART, "contact point " + uid, Action.REPLACE, name + " (secrets it shows as [REDACTED] stay as they are)");
                } else {
                    report.add(PART, "contact point " + uid, Action.KEPT, "exists as '" + live.get().path("name").asString("") + "' and differs");
                }
            }
        }
        JsonNode livePolicies = alerting.policies();
        if (policies.isObject() && !policies.isEmpty()) {
            boolean isDefault = "grafana-default-email".equals(livePolicies.path("receiver").asString("")) && livePolicies.path("routes").isEmpty();
            if (clean(livePolicies).equals(clean(policies))) {
                report.add(PART, "notification policies", Action.UNCHANGED, "");
            } else if (isDefault || force) {
                if (!dryRun) {
                    alerting.putPolicies(clean(policies));
                }
                report.add(PART, "notification policies", Action.REPLACE, isDefault ? "the live tree was Grafana's default" : "");
            } else {
                report.add(PART, "notification policies", Action.KEPT, "the live tree differs from the set's");
            }
        }
        for (JsonNode r : rules) {
            String uid = r.path("uid").asString("");
            String title = r.path("title").asString("");
            Optional<JsonNode> live = alerting.rule(uid);
            if (live.isEmpty()) {
                if (!dryRun) {
                    alerting.createRule(clean(r));
                }
                report.add(PART, "alert rule " + uid, Action.CREATE, title);
            } else if (clean(live.get()).equals(clean(r))) {
                report.add(PART, "alert rule " + uid, Action.UNCHANGED, title);
            } else if (force) {
                if (!dryRun) {
                    alerting.updateRule(uid, clean(r));
                }
                report.add(PART, "alert rule " + uid, Action.REPLACE, title);
            } else {
                report.add(PART, "alert rule " + uid, Action.KEPT, "exists and differs");
            }
        }
    }

    /** Without the fields the server sets itself. */
    static ObjectNode clean(JsonNode node) {
        ObjectNode copy = ((ObjectNode) node).deepCopy();
        copy.remove(SERVER_FIELDS);
        return copy;
    }

}
