package obs.backup;

import java.util.Objects;
import java.util.Optional;
import obs.backup.RestoreReport.Action;
import obs.core.Json;
import obs.grafana.DashboardResources;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A schema-v2 dashboard back from a set, through the app-platform route it was read from (same API version and
 * namespace): created when its uid is free; left alone when the live object has the same spec and folder; replaced
 * only with {@code force}, with the live object's resourceVersion so a change made meanwhile is a 409, not lost.
 * Only the name, the folder annotation and the spec are sent: the rest of the metadata is the server's.
 */
final class DashboardV2Restore {
    private static final String PART = "grafana";
    static final String MESSAGE = "grafana.app/message";
    private final DashboardResources resources;
    private final boolean dryRun;
    private final boolean force;
    private final RestoreReport report;

    DashboardV2Restore(DashboardResources resources, boolean dryRun, boolean force, RestoreReport report) {
        this.resources = resources;
        this.dryRun = dryRun;
        this.force = force;
        this.report = report;
    }

    void restore(String uid, DashboardDoc doc) {
        String what = "dashboard " + uid;
        String where = doc.title() + " (schema " + doc.route().version() + ")" + (doc.folderUid() == null ? "" : " in " + doc.folderUid());
        Optional<JsonNode> live = resources.get(doc.route(), uid);
        if (live.isEmpty()) {
            if (!dryRun) {
                resources.create(doc.route(), object(uid, doc, null));
            }
            report.add(PART, what, Action.CREATE, where);
        } else if (live.get().path("spec").equals(doc.content()) && Objects.equals(DashboardResources.folder(live.get()), doc.folderUid())) {
            report.add(PART, what, Action.UNCHANGED, doc.title());
        } else if (force) {
            if (!dryRun) {
                resources.replace(doc.route(), uid, object(uid, doc, live.get().path("metadata").path("resourceVersion").asString("")));
            }
            report.add(PART, what, Action.REPLACE, where);
        } else {
            report.add(PART, what, Action.KEPT, "exists and differs from the set");
        }
    }

    private static ObjectNode object(String uid, DashboardDoc doc, String resourceVersion) {
        ObjectNode o = Json.mapper().createObjectNode().put("apiVersion", doc.route().apiVersion()).put("kind", "Dashboard");
        ObjectNode metadata = o.putObject("metadata").put("name", uid);
        if (resourceVersion != null && !resourceVersion.isEmpty()) {
            metadata.put("resourceVersion", resourceVersion);
        }
        ObjectNode annotations = metadata.putObject("annotations").put(MESSAGE, "restored by obs");
        if (doc.folderUid() != null) {
            annotations.put(DashboardResources.FOLDER, doc.folderUid());
        }
        o.set("spec", doc.content());
        return o;
    }
}
