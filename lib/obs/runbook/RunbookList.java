package obs.runbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import obs.cli.Console;
import obs.core.Exit;

/** {@code runbook --list}: every runbook with its kind, page and first line. */
public final class RunbookList {
    private RunbookList() {
    }

    public static int render(List<Runbook> runbooks, Console console) {
        if (console.json()) {
            List<Map<String, String>> rows = new ArrayList<>();
            for (Runbook r : runbooks) {
                Map<String, String> row = new LinkedHashMap<>();
                row.put("name", r.name());
                row.put("kind", r.kind().toString());
                row.put("runbook", r.ref());
                row.put("summary", r.summary());
                rows.add(row);
            }
            console.json(rows);
        } else {
            List<List<String>> rows = new ArrayList<>();
            runbooks.forEach(r -> rows.add(List.of(r.name(), r.kind().toString(), r.ref(), r.summary())));
            console.table(List.of("NAME", "KIND", "RUNBOOK", "SUMMARY"), rows);
        }
        if (runbooks.isEmpty()) {
            console.warn("no runbooks found");
        }
        return Exit.OK.code;
    }
}
