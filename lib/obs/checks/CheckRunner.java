package obs.checks;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import obs.checks.Outcome.Status;
import obs.core.Durations;
import obs.core.FanOut;
import obs.kube.Kube;

/** Runs checks in parallel, one virtual thread each, every check bounded by its own timeout. */
public final class CheckRunner {
    /** A check and what it runs against. */
    public record Job(Check check, Target target) {
    }

    private CheckRunner() {
    }

    public static List<CheckResult> run(List<Job> jobs) {
        // Each job's evaluator is chosen here, on one thread, before the fan-out: a pattern switch generates a class
        // when its call site first runs, and a dozen threads arriving at once would each generate the same one.
        List<Planned> plan = jobs.stream().map(job -> new Planned(job, evaluator(job))).toList();
        // check-services exits right after its checks: see FanOut.Threads. Every check bounds its own I/O by its timeout.
        List<FanOut.Result<Outcome>> outcomes = FanOut.all(FanOut.Threads.PLATFORM, plan, 0, p -> p.job().check().timeout(),
                p -> p.evaluator().evaluate(p.job().check(), p.job().target()));
        List<CheckResult> results = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            results.add(switch (outcomes.get(i)) {
                case FanOut.Done<Outcome> d -> result(job, d.value(), d.millis());
                case FanOut.Failed<Outcome> f -> result(job, failure(f.cause()), f.millis());
                case FanOut.TimedOut<Outcome> t -> result(job, Outcome.fail("timed out after " + Durations.format(t.deadline())),
                        t.deadline().toMillis());
            });
        }
        return results;
    }

    private record Planned(Job job, Evaluator evaluator) {
    }

    private static Evaluator evaluator(Job job) {
        if (job.check().kind().needsKubernetes() && job.target().kube() == null) {
            return (check, target) -> Outcome.skip("no Kubernetes in the sandbox");
        }
        return Evaluator.of(job.check());
    }

    private static Outcome failure(Throwable cause) {
        if (cause instanceof KubernetesClientException k) {
            String reason = k.getCode() == 403 ? "forbidden by RBAC" : k.getCode() <= 0 ? "API unreachable" : "HTTP " + k.getCode();
            return Outcome.fail("Kubernetes API: " + reason + ": " + Kube.reason(k));
        }
        // A bug in obs: the message says what went wrong; the exception's class would only mean something to a developer.
        String message = cause.getMessage() == null ? "no detail" : cause.getMessage().lines().findFirst().orElse("");
        return Outcome.fail("internal error in obs: " + message);
    }

    private static CheckResult result(Job job, Outcome outcome, long millis) {
        Check c = job.check();
        Status status = outcome.status() == Status.fail && c.severity() == Check.Severity.warning ? Status.warn : outcome.status();
        return new CheckResult(job.target().component().name(), c.id(), c.title(), c.severity(), c.kind().word(), status,
                outcome.message(), millis, c.runbook());
    }
}
