package obs.verify;

import java.util.Optional;

/** One pipeline check of verify-installation. */
interface Step {
    StepName name();

    /** Why the step cannot run on this stack (its component is off or absent), or empty. */
    Optional<String> skipReason(Run run);

    /** Proves what it can before the run's deadline, recording proofs and problems in {@code out}. */
    void run(Run run, Outcome out) throws Exception;

    /** The reason for a step whose component is not in the stack. */
    static Optional<String> needs(Run run, String... components) {
        for (String c : components) {
            if (!run.has(c)) {
                return Optional.of(c + " is not installed " + where(run));
            }
        }
        return Optional.empty();
    }

    static String where(Run run) {
        return run.stack().namespace() != null ? "in namespace " + run.stack().namespace() : "in the " + run.stack().mode();
    }
}
