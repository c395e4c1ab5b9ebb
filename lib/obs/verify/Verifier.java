package obs.verify;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import obs.core.FanOut;
import obs.kube.Kube;

/** Runs the selected steps at once, each until the run's deadline, then undoes what the run left behind. */
public final class Verifier {
    /** A step that overruns the deadline by this much is abandoned and reported as timed out. */
    static final Duration GRACE = Duration.ofSeconds(2);

    private Verifier() {
    }

    static List<Step> all() {
        return List.of(new ComponentsStep(), new MetricsStep(), new LogsStep(), new TracesStep(), new CorrelationStep(),
                new AlertsStep(), new GrafanaStep(), new NetworkStep());
    }

    /**
     * Runs {@code selected} (in report order) against the run's stack.
     *
     * @param timeout what the run's deadline was set from, for the timed-out message
     */
    public static VerifyReport run(Run run, List<StepName> selected, Duration timeout) {
        List<Step> steps = all().stream().filter(s -> selected.contains(s.name())).toList();
        List<Step> running = new ArrayList<>();
        List<StepResult> results = new ArrayList<>();
        for (Step s : steps) {
            Optional<String> skip = s.skipReason(run);
            results.add(skip.map(r -> StepResult.skip(s.name(), r)).orElse(null));
            if (skip.isEmpty()) {
                running.add(s);
            }
        }
        // The correlation step waits for the pipeline steps' findings: those that do not run have none.
        if (running.stream().noneMatch(s -> s.name() == StepName.metrics)) {
            run.evidence().metric.complete(false);
        }
        if (running.stream().noneMatch(s -> s.name() == StepName.logs)) {
            run.evidence().line.complete(false);
        }
        if (running.stream().noneMatch(s -> s.name() == StepName.traces)) {
            run.evidence().trace.complete(false);
        }
        Thread hook = Thread.ofPlatform().unstarted(() -> run.cleanup().runAll());
        Runtime.getRuntime().addShutdownHook(hook);
        List<String> leftovers;
        try {
            // Platform threads, as check-services: a virtual thread waiting on a socket starts the JDK's I/O poller, which
            // delays the JVM's exit by up to 300 ms; every step bounds its own I/O by the run's deadline.
            List<FanOut.Result<Outcome>> outcomes = FanOut.all(FanOut.Threads.PLATFORM, running, 0, s -> timeout.plus(GRACE), s -> {
                Outcome out = new Outcome();
                s.run(run, out);
                return out;
            });
            for (int i = 0, r = 0; i < results.size(); i++) {
                if (results.get(i) == null) {
                    results.set(i, result(steps.get(i).name(), outcomes.get(r++), timeout));
                }
            }
        } finally {
            run.evidence().close();
            leftovers = run.cleanup().runAll();
            removeHook(hook);
        }
        return new VerifyReport(run.id(), run.stack().mode().toString(), run.stack().namespace(), results, leftovers);
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is exiting (Ctrl-C): the hook is running the clean-up now.
        }
    }

    private static StepResult result(StepName name, FanOut.Result<Outcome> r, Duration timeout) {
        return switch (r) {
            case FanOut.Done<Outcome> d -> new StepResult(name, d.value().failed() ? StepResult.Status.fail : StepResult.Status.ok,
                    d.millis(), d.value().message(), d.value().delivery());
            case FanOut.Failed<Outcome> f -> new StepResult(name, StepResult.Status.fail, f.millis(), failure(f.cause()), java.util.Map.of());
            case FanOut.TimedOut<Outcome> t -> new StepResult(name, StepResult.Status.fail, t.deadline().toMillis(),
                    "did not finish within --timeout " + obs.core.Durations.format(timeout), java.util.Map.of());
        };
    }

    private static String failure(Throwable cause) {
        if (cause instanceof KubernetesClientException k) {
            return "Kubernetes API: " + Kube.reason(k);
        }
        // A bug in obs: the message says what went wrong; the exception's class would only mean something to a developer.
        return "internal error in obs: " + (cause.getMessage() == null ? "no detail" : cause.getMessage().lines().findFirst().orElse(""));
    }
}
