package obs.backup;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import obs.cli.Console;

/** What verify found, line by line; exit 1 when any line failed. */
public record VerifyReport(Path set, List<Line> lines) {
    public record Line(String check, boolean ok, String detail) {
    }

    public boolean ok() {
        return lines.stream().allMatch(Line::ok);
    }

    /** Prints the table (or JSON) and returns the exit code. */
    public int render(Console console) {
        if (console.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("set", set.toString());
            json.put("ok", ok());
            json.put("checks", lines);
            console.json(json);
        } else {
            console.table(List.of("CHECK", "RESULT", "DETAIL"), lines.stream()
                    .map(l -> List.of(l.check(), console.status(l.ok() ? "ok" : "fail"), l.detail())).toList());
        }
        return ok() ? 0 : 1;
    }
}
