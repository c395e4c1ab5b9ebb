package obs.checks;

/** Evaluates one check type. Implementations throw nothing for a failed check: they return fail with a message. */
interface Evaluator {
    Outcome evaluate(Check check, Target target) throws Exception;

    static Evaluator of(Check check) {
        return switch (check.type()) {
            case "rollout" -> new RolloutEvaluator();
            case "pods" -> new PodsEvaluator();
            case "pvc" -> new PvcEvaluator();
            case "http" -> new HttpEvaluator();
            default -> new PromqlEvaluator();
        };
    }
}
