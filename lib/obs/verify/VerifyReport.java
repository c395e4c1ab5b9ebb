package obs.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import obs.cli.Console;
import obs.core.Exit;

/**
 * The result of one verify-installation run.
 *
 * @param runId     the run id every synthetic signal carried
 * @param mode      sandbox, cluster or endpoints
 * @param namespace the stack's namespace, or null
 * @param steps     one result per selected step, in report order
 * @param leftovers what the run could not undo (an unresolved drill alert, a pushed group left behind)
 */
public record VerifyReport(String runId, String mode, String namespace, List<StepResult> steps, List<String> leftovers) {
    /** 0 when every step that ran passed, else 1. */
    public Exit exit() {
        return steps.stream().anyMatch(s -> s.status() == StepResult.Status.fail) ? Exit.PROBLEM : Exit.OK;
    }

    public void render(Console console) {
        if (console.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("runId", runId);
            json.put("mode", mode);
            json.put("namespace", namespace == null ? "" : namespace);
            json.put("exitCode", exit().code);
            json.put("steps", steps);
            json.put("leftovers", leftovers);
            console.json(json);
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (StepResult s : steps) {
                rows.add(List.of(s.step().name(), console.status(s.status().name()), s.durationMs() + "ms", delivery(s.deliveryMs()),
                        s.message()));
            }
            console.table(List.of("STEP", "STATUS", "TIME", "DELIVERY", "MESSAGE"), rows);
        }
        leftovers.forEach(l -> console.warn("not undone: " + l));
        long ok = steps.stream().filter(s -> s.status() == StepResult.Status.ok).count();
        long fail = steps.stream().filter(s -> s.status() == StepResult.Status.fail).count();
        long skip = steps.stream().filter(s -> s.status() == StepResult.Status.skip).count();
        console.info(ok + " ok, " + fail + " fail, " + skip + " skipped; run id " + runId
                + (namespace != null ? " in namespace " + namespace : " in the " + mode));
    }

    /** Delivery times as pipeline=ms, or - when the step pushed nothing. */
    static String delivery(Map<String, Long> d) {
        return d.isEmpty() ? "-" : d.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue() + "ms").collect(Collectors.joining(" "));
    }
}
