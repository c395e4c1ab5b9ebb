package obs.runbook;

import java.util.List;

/** One command line of a Diagnosis block, judged: something obs runs, or a line it leaves to a person and why. */
public sealed interface Step permits Step.Run, Step.Skip {
    /** The line as shown (placeholders substituted). */
    String line();

    /** What runs a step. */
    enum Tool { OBS, KUBECTL, HTTP }

    /**
     * A read-only step: its first stage is run by {@code tool}, each later stage (a text filter such as tail)
     * reads the one before.
     *
     * @param stages the words of each stage; for an obs command the first stage is {@code jbang ALIAS ARGS...}
     */
    record Run(String line, Tool tool, List<List<String>> stages) implements Step {
        /** For obs commands: the alias. */
        public String alias() {
            return stages.getFirst().get(1);
        }

        /** For obs commands: the arguments after the alias. */
        public List<String> args() {
            List<String> first = stages.getFirst();
            return first.subList(tool == Tool.OBS ? 2 : 1, first.size());
        }
    }

    /**
     * A line obs never runs.
     *
     * @param changesState true when the line would change something (shown as "changes state"), false when it is
     *                     merely not on the read-only list (a shell construct, an unknown program, a command that never ends)
     * @param reason       why, for a person
     */
    record Skip(String line, boolean changesState, String reason) implements Step {
        /** The words printed after the line. */
        public String verdict() {
            return changesState ? "not run: changes state (" + reason + ")" : "not run: " + reason;
        }
    }
}
