package obs.backup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import obs.cli.Console;

/**
 * What restore did (or, with --dry-run, would do), one row per object: created, replaced, unchanged, kept (exists,
 * and --force was not given) or failed. Exit 1 when something was kept or failed: the stack is not what the set holds.
 */
public final class RestoreReport {
    public enum Action { CREATE, REPLACE, UNCHANGED, KEPT, FAILED }

    public record Row(String part, String object, Action action, String detail) {
    }

    private final Path set;
    private final boolean dryRun;
    private final List<Row> rows = Collections.synchronizedList(new ArrayList<>());
    /** What to do next, said after the rows (how to install the same again). */
    private final List<String> notes = new ArrayList<>();

    RestoreReport(Path set, boolean dryRun) {
        this.set = set;
        this.dryRun = dryRun;
    }

    void add(String part, String object, Action action, String detail) {
        rows.add(new Row(part, object, action, detail));
    }

    void note(String text) {
        notes.add(text);
    }

    boolean dryRun() {
        return dryRun;
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public boolean complete() {
        return rows.stream().noneMatch(r -> r.action() == Action.KEPT || r.action() == Action.FAILED);
    }

    private String word(Action a) {
        return switch (a) {
            case CREATE -> dryRun ? "would create" : "created";
            case REPLACE -> dryRun ? "would replace" : "replaced";
            case UNCHANGED -> "unchanged";
            case KEPT -> "kept";
            case FAILED -> "failed";
        };
    }

    public int render(Console console) {
        if (console.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("set", set.toString());
            json.put("dryRun", dryRun);
            json.put("complete", complete());
            json.put("objects", rows.stream().map(r -> Map.of("part", r.part(), "object", r.object(), "action", word(r.action()),
                    "detail", r.detail())).toList());
            json.put("notes", notes);
            console.json(json);
        } else {
            console.table(List.of("PART", "OBJECT", "ACTION", "DETAIL"), rows.stream()
                    .map(r -> List.of(r.part(), r.object(), word(r.action()), r.detail())).toList());
            long kept = rows.stream().filter(r -> r.action() == Action.KEPT).count();
            if (kept > 0) {
                console.warn(kept + " object(s) exist and were kept as they are; --force replaces them with the set's");
            }
            notes.forEach(console::info);
        }
        return complete() ? 0 : 1;
    }
}
