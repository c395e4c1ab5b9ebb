package obs.runbook;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import obs.core.Json;
import obs.runbook.RunbookRun.Result;
import obs.runbook.RunbookRun.StepResult;
import obs.runbook.StepRunner.Status;

/** The evidence bundle's files for a finished run: one file per step run, steps.json, and summary.md listing them all. */
final class Summary {
    private Summary() {
    }

    /** Adds the steps' files to {@code evidence} and writes it with a summary of what failed and what the bundle holds. */
    static void bundle(Result r, RunbookRun.Target target, Evidence evidence) {
        for (StepResult s : r.steps()) {
            if (s.status() != Status.NOT_RUN) {
                evidence.add(stepFile(s), "$ " + s.command() + "\n" + s.status() + (s.exit() == null ? "" : ", exit " + s.exit())
                        + " in " + RunbookRun.seconds(s.millis()) + "\n\n" + s.output(), "output and exit code of step " + s.number());
            }
        }
        evidence.add("steps.json", Json.mapper().writeValueAsString(r.steps()) + "\n", "every step: command, status, exit code, output");
        evidence.write(markdown(r, target, evidence.listing()));
    }

    static String stepFile(StepResult s) {
        return String.format("steps/%02d.txt", s.number());
    }

    private static String markdown(Result r, RunbookRun.Target target, Map<String, String> files) {
        StringBuilder md = new StringBuilder();
        md.append("# Evidence: runbook ").append(r.runbook()).append("\n\n");
        md.append("- Runbook: ").append(r.page()).append(" (").append(r.kind()).append(")\n");
        md.append("- Where: ").append(r.where()).append('\n');
        md.append("- Taken: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append('\n');
        if (r.alert() != null) {
            md.append("- Alert: ").append(r.alert()).append('\n');
        }
        if (target.problem() != null) {
            md.append("- Stack not reached: ").append(target.problem()).append('\n');
        }
        List<StepResult> failed = r.steps().stream().filter(StepResult::failed).toList();
        md.append("\n## What failed\n\n");
        if (failed.isEmpty()) {
            md.append("No step that ran failed.\n");
        }
        failed.forEach(s -> md.append("- Step ").append(s.number()).append(" (").append(s.status())
                .append(s.exit() == null ? "" : ", exit " + s.exit()).append("): `").append(s.command()).append("`, see ")
                .append(stepFile(s)).append('\n'));
        List<StepResult> skipped = r.steps().stream().filter(s -> s.status() == Status.NOT_RUN).toList();
        if (!skipped.isEmpty()) {
            md.append("\n## Not run (for a person to decide)\n\n");
            skipped.forEach(s -> md.append("- Step ").append(s.number()).append(": `").append(s.command()).append("`: ")
                    .append(s.note()).append('\n'));
        }
        md.append("\n## Steps\n\n| # | status | exit | command |\n|---|---|---|---|\n");
        r.steps().forEach(s -> md.append("| ").append(s.number()).append(" | ").append(s.status()).append(" | ")
                .append(s.exit() == null ? "-" : s.exit()).append(" | `").append(s.command().replace("|", "\\|")).append("` |\n"));
        md.append("\n## Files\n\n");
        files.forEach((name, what) -> md.append("- `").append(name).append("`: ").append(what).append('\n'));
        return md.toString();
    }
}
