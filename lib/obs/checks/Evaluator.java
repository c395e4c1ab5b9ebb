package obs.checks;

/** Evaluates one check type. Implementations throw nothing for a failed check: they return fail with a message. */
interface Evaluator {
    Outcome evaluate(Check check, Target target) throws Exception;

    static Evaluator of(Check check) {
        return switch (check.kind()) {
            case Check.Rollout r -> new RolloutEvaluator();
            case Check.Pods p -> new PodsEvaluator();
            case Check.Pvc p -> new PvcEvaluator();
            case Check.Http h -> new HttpEvaluator();
            case Check.Promql p -> new PromqlEvaluator();
        };
    }
}
