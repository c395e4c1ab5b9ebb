package obs.fakes;

import static obs.fakes.GrafanaFake.object;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import obs.fakes.GrafanaFake.Answer;
import obs.fakes.GrafanaFake.Call;
import obs.fakes.GrafanaFakeCatalog.Dash;
import obs.fakes.GrafanaFakeCatalog.Folder;
import tools.jackson.databind.node.ObjectNode;

/** The fake's {@code GET /api/search}: folders and dashboards, filters, alphabetical order, limit/page and the 5000 cap. */
final class GrafanaFakeSearch {
    private final GrafanaFakeCatalog catalog;

    GrafanaFakeSearch(GrafanaFakeCatalog catalog) {
        this.catalog = catalog;
    }

    Answer search(Call c) {
        int limit = c.intParam("limit", 1000);
        int page = c.intParam("page", 1);
        if (limit > 5000) {
            return Answer.message(422, "Limit is above maximum allowed (5000), use page parameter to access hits beyond limit");
        }
        if (!c.params("dashboardIds").isEmpty() && !c.params("dashboardUIDs").isEmpty()) {
            return Answer.message(400, "search supports UIDs or IDs, not both");
        }
        String type = c.param("type");
        String text = c.param("query") == null ? "" : c.param("query").toLowerCase(Locale.ROOT);
        List<String> folderUids = c.params("folderUIDs");
        List<String> uids = c.params("dashboardUIDs");
        List<String> tags = c.params("tag");
        List<ObjectNode> hits = new ArrayList<>();
        if (type == null || type.equals("dash-folder")) {
            catalog.folders.values().stream().filter(f -> f.title.toLowerCase(Locale.ROOT).contains(text))
                    .filter(f -> folderUids.isEmpty() || folderUids.contains(f.parentUid == null ? "" : f.parentUid))
                    .filter(f -> uids.isEmpty() && tags.isEmpty())
                    .sorted(Comparator.comparing((Folder f) -> f.title).thenComparing(f -> f.uid))
                    .forEach(f -> hits.add(folderHit(f)));
        }
        if (type == null || type.equals("dash-db")) {
            catalog.dashboards.values().stream().filter(d -> d.model.path("title").asString("").toLowerCase(Locale.ROOT).contains(text))
                    .filter(d -> folderUids.isEmpty() || folderUids.contains(d.folderUid == null ? "" : d.folderUid))
                    .filter(d -> uids.isEmpty() || uids.contains(d.model.path("uid").asString("")))
                    .filter(d -> tags.stream().allMatch(t -> tagsOf(d).contains(t)))
                    .sorted(Comparator.comparing((Dash d) -> d.model.path("title").asString("")).thenComparing(d -> d.model.path("uid").asString("")))
                    .forEach(d -> hits.add(dashboardHit(d)));
        }
        if ("alpha-desc".equals(c.param("sort"))) {
            java.util.Collections.reverse(hits);
        }
        int from = Math.min(hits.size(), (page - 1) * limit);
        return Answer.json(200, hits.subList(from, Math.min(hits.size(), from + limit)));
    }

    static List<String> tagsOf(Dash d) {
        List<String> out = new ArrayList<>();
        d.model.path("tags").forEach(t -> out.add(t.asString("")));
        return out;
    }

    private ObjectNode folderHit(Folder f) {
        ObjectNode h = object().put("id", f.id).put("uid", f.uid).put("orgId", 1).put("title", f.title)
                .put("uri", "db/" + GrafanaFakeCatalog.slug(f.title)).put("url", "/dashboards/f/" + f.uid + "/" + GrafanaFakeCatalog.slug(f.title)).put("slug", "")
                .put("type", "dash-folder");
        h.putArray("tags");
        h.put("isStarred", false);
        inFolder(h, f.parentUid);
        return h.put("sortMeta", 0);
    }

    private ObjectNode dashboardHit(Dash d) {
        String uid = d.model.path("uid").asString("");
        String title = d.model.path("title").asString("");
        ObjectNode h = object().put("id", d.id).put("uid", uid).put("orgId", 1).put("title", title)
                .put("uri", "db/" + GrafanaFakeCatalog.slug(title)).put("url", "/d/" + uid + "/" + GrafanaFakeCatalog.slug(title)).put("slug", "").put("type", "dash-db");
        h.set("tags", d.model.path("tags").deepCopy());
        h.put("isStarred", false);
        inFolder(h, d.folderUid);
        return h.put("sortMeta", 0);
    }

    private void inFolder(ObjectNode hit, String folderUid) {
        Folder f = folderUid == null ? null : catalog.folders.get(folderUid);
        if (f != null) {
            hit.put("folderId", f.id).put("folderUid", f.uid).put("folderTitle", f.title)
                    .put("folderUrl", "/dashboards/f/" + f.uid + "/" + GrafanaFakeCatalog.slug(f.title));
        }
    }
}
