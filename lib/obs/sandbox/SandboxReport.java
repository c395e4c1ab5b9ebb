package obs.sandbox;

import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import obs.access.EndpointsFile;
import obs.cli.Console;
import obs.core.Exit;

/**
 * What sandbox up, down or status found, one row per component, and how it is shown (table or JSON).
 *
 * @param stateDir the sandbox's state folder
 * @param rows     one row per component
 * @param ok       whether the command did what it was asked (the exit code: 0, else 1)
 */
public record SandboxReport(Path stateDir, List<Row> rows, boolean ok) {

    /** Where a component is; its word is what the table and JSON show. */
    public enum State {
        RUNNING("running"), NOT_READY("not-ready"), EXTERNAL("external"), FAILED("failed"), STOPPED("stopped"),
        MISSING("missing"), UNAVAILABLE("unavailable"), STILL_RUNNING("still running"), FORGOTTEN("forgotten"),
        WAS_NOT_RUNNING("was not running");

        private final String word;

        State(String word) {
            this.word = word;
        }

        @JsonValue
        @Override
        public String toString() {
            return word;
        }
    }

    /** One component: its state, where it answers, its process and a note for the reader. */
    public record Row(String component, State state, String url, Long pid, String note) {
    }

    /** Prints the rows (nothing when there are none) and returns the exit code. */
    public int render(Console console) {
        if (console.json()) {
            console.json(Map.of("stateDir", stateDir.toString(), "components", rows));
        } else if (!rows.isEmpty()) {
            List<List<String>> table = new ArrayList<>();
            for (Row r : rows) {
                table.add(List.of(r.component(), r.state().toString(), r.url() == null ? "-" : r.url(),
                        r.pid() == null ? "-" : r.pid().toString(), r.note() == null ? "" : r.note()));
            }
            console.table(List.of("COMPONENT", "STATE", "URL", "PID", "NOTE"), table);
            console.info("endpoints file: " + EndpointsFile.in(stateDir));
        }
        return ok ? Exit.OK.code : Exit.PROBLEM.code;
    }
}
