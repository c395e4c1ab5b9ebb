package obs.checks;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;

/** Equivalent to {@code kubectl get pods -l SELECTOR}: no container crash-looping, restarts within the bound. */
final class PodsEvaluator implements Evaluator {
    @Override
    public Outcome evaluate(Check check, Target t) {
        String selector = check.pods().selector() != null ? check.pods().selector() : t.defaultSelector();
        List<Pod> pods = t.kube().pods().inNamespace(t.namespace()).withLabelSelector(selector).list().getItems();
        if (pods.isEmpty()) {
            return Outcome.fail("no pods match " + selector);
        }
        List<String> problems = new ArrayList<>();
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            if (pod.getStatus() == null) {
                problems.add(name + " has no status");
                continue;
            }
            for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
                var waiting = cs.getState() != null ? cs.getState().getWaiting() : null;
                int restarts = cs.getRestartCount() == null ? 0 : cs.getRestartCount();
                String last = lastTermination(cs);
                if (waiting != null && "CrashLoopBackOff".equals(waiting.getReason())) {
                    problems.add(name + "/" + cs.getName() + " is crash-looping (" + restarts + " restarts" + last + ")");
                } else if (restarts > check.pods().maxRestarts()) {
                    problems.add(name + "/" + cs.getName() + " restarted " + restarts + " times (limit "
                            + check.pods().maxRestarts() + last + ")");
                } else if (waiting != null && waiting.getReason() != null && waiting.getReason().contains("Err")) {
                    problems.add(name + "/" + cs.getName() + " is waiting: " + waiting.getReason());
                }
            }
        }
        return problems.isEmpty() ? Outcome.ok(pods.size() + " pod(s) healthy") : Outcome.fail(String.join("; ", problems));
    }

    private static String lastTermination(ContainerStatus cs) {
        var last = cs.getLastState() != null ? cs.getLastState().getTerminated() : null;
        if (last == null) {
            return "";
        }
        return ", last exit " + last.getExitCode() + (last.getReason() != null ? " " + last.getReason() : "");
    }
}
