package obs.checks;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import obs.checks.Outcome.Status;
import obs.kube.Kube;

/** Runs checks in parallel, one virtual thread each, every check bounded by its own timeout. */
public final class CheckRunner {
    /** A check and what it runs against. */
    public record Job(Check check, Target target) {
    }

    private CheckRunner() {
    }

    public static List<CheckResult> run(List<Job> jobs) {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Timed>> futures = new ArrayList<>();
            long start = System.nanoTime();
            for (Job job : jobs) {
                futures.add(pool.submit(() -> evaluate(job)));
            }
            List<CheckResult> results = new ArrayList<>();
            for (int i = 0; i < jobs.size(); i++) {
                Job job = jobs.get(i);
                long deadline = start + job.check().timeout().toNanos();
                Timed timed = await(futures.get(i), deadline, job);
                results.add(result(job, timed.outcome(), timed.millis()));
            }
            return results;
        }
    }

    /** An outcome and how long the check took to reach it. */
    private record Timed(Outcome outcome, long millis) {
    }

    private static Timed await(Future<Timed> future, long deadlineNanos, Job job) {
        long timeout = job.check().timeout().toMillis();
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return new Timed(Outcome.fail("timed out after " + obs.core.Durations.format(job.check().timeout())), timeout);
        } catch (ExecutionException e) {
            return new Timed(failure(e.getCause()), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Timed(Outcome.fail("interrupted"), 0);
        }
    }

    private static Timed evaluate(Job job) throws Exception {
        if (job.check().kind().needsKubernetes() && job.target().kube() == null) {
            return new Timed(Outcome.skip("no Kubernetes in the sandbox"), 0);
        }
        long t0 = System.nanoTime();
        Outcome outcome = Evaluator.of(job.check()).evaluate(job.check(), job.target());
        return new Timed(outcome, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
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
