package obs.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import obs.access.StackAccess;
import obs.checks.Outcome.Status;
import obs.cli.Console;
import obs.core.Exit;

/**
 * The result of one check-services run.
 *
 * @param mode      where the stack is
 * @param namespace the stack's namespace (null for the sandbox)
 * @param results   one row per check, in registry order
 */
public record Report(StackAccess.Mode mode, String namespace, List<CheckResult> results) {

    /** Exit 0 when no check failed (warnings and skips do not fail the run), 1 otherwise. */
    public Exit exit() {
        return results.stream().anyMatch(r -> r.status() == Status.fail) ? Exit.PROBLEM : Exit.OK;
    }

    public Map<Status, Long> summary() {
        Map<Status, Long> counts = new TreeMap<>();
        for (Status s : Status.values()) {
            counts.put(s, results.stream().filter(r -> r.status() == s).count());
        }
        return counts;
    }

    /** Writes the report as a table (or JSON) on stdout and a one-line summary on stderr. */
    public void render(Console console) {
        if (console.json()) {
            console.json(Map.of("mode", mode.toString(), "namespace", namespace == null ? "" : namespace,
                    "summary", summary(), "exitCode", exit().code, "checks", results));
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (CheckResult r : results) {
                rows.add(List.of(r.component(), r.id(), console.status(r.status().name()), r.durationMs() + "ms", r.message()));
            }
            console.table(List.of("COMPONENT", "CHECK", "STATUS", "TIME", "MESSAGE"), rows);
            for (CheckResult r : results) {
                if ((r.status() == Status.fail || r.status() == Status.warn) && r.runbook() != null) {
                    console.info(r.component() + "/" + r.id() + ": see " + r.runbook());
                }
            }
        }
        Map<Status, Long> s = summary();
        console.info(s.get(Status.ok) + " ok, " + s.get(Status.warn) + " warn, " + s.get(Status.fail) + " fail, "
                + s.get(Status.skip) + " skipped" + (namespace != null ? " in namespace " + namespace : " in the " + mode));
    }
}
