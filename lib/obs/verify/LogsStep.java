package obs.verify;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import obs.access.StackAccess;
import obs.kube.Kube;
import tools.jackson.databind.JsonNode;

/**
 * The logs pipeline: a line carrying the run id and trace id, pushed to Loki, is found again with LogQL; in a
 * cluster with the log agent (Alloy), a stack pod's recent output is in Loki with the labels the agent attaches.
 */
final class LogsStep implements Step {
    static final String JOB = "obs-verify";
    static final String AGENT = "alloy";
    /** How far back the agent check looks for a stack pod's lines. */
    static final Duration AGENT_WINDOW = Duration.ofHours(1);

    @Override
    public StepName name() {
        return StepName.logs;
    }

    @Override
    public Optional<String> skipReason(Run run) {
        return Step.needs(run, Loki.LOKI);
    }

    @Override
    public void run(Run run, Outcome out) throws Exception {
        Calls calls = new Calls(run);
        try {
            Parts.all(List.of(() -> canary(run, calls, out), () -> {
                if (run.stack().kube() != null && run.has(AGENT)) {
                    agent(run, calls, out);
                }
            }));
        } finally {
            run.evidence().line.complete(false);
        }
    }

    private static void canary(Run run, Calls calls, Outcome out) throws Exception {
        long nanos = System.currentTimeMillis() * 1_000_000L;
        long pushed = System.nanoTime();
        String problem = Loki.push(run, calls, Map.of("job", JOB), nanos, run.canaryLine());
        if (problem != null) {
            out.problem("push to Loki failed: " + problem);
            return;
        }
        String logql = "{job=\"" + JOB + "\"} |= \"run_id=" + run.id() + "\"";
        String[] last = {null};
        Optional<Boolean> hit = Poll.until(run.deadline(), () -> {
            try {
                for (JsonNode stream : Loki.query(calls, logql, nanos - 60_000_000_000L, System.currentTimeMillis() * 1_000_000L + 60_000_000_000L, 10)) {
                    for (JsonNode v : stream.path("values")) {
                        if (v.path(1).asString("").contains("run_id=" + run.id())) {
                            return Optional.of(true);
                        }
                    }
                }
                return Optional.empty();
            } catch (Calls.Failed e) {
                last[0] = e.getMessage();
                return Optional.empty();
            }
        });
        if (hit.isEmpty()) {
            out.problem("the pushed line never came back from " + logql + (last[0] == null ? "" : " (last query: " + last[0] + ")"));
            return;
        }
        long ms = (System.nanoTime() - pushed) / 1_000_000;
        out.delivered("loki", ms);
        out.ok("pushed line found by " + logql + " after " + ms + " ms");
        run.evidence().line.complete(true);
    }

    /** A Ready stack pod's first container: its recent lines must be in Loki with namespace, pod and container labels. */
    private static void agent(Run run, Calls calls, Outcome out) throws Exception {
        StackAccess s = run.stack();
        Pod pod;
        try {
            pod = s.kube().pods().inNamespace(s.namespace()).withLabelSelector(StackAccess.PART_OF).list().getItems().stream()
                    .filter(p -> p.getStatus() != null && p.getStatus().getConditions().stream()
                            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
                            && p.getSpec() != null && !p.getSpec().getContainers().isEmpty())
                    .findFirst().orElse(null);
        } catch (KubernetesClientException e) {
            out.problem("log agent: listing the stack's pods failed: " + Kube.reason(e));
            return;
        }
        if (pod == null) {
            out.problem("log agent: no Ready pod of obs in namespace " + s.namespace() + " whose lines to look for");
            return;
        }
        String name = pod.getMetadata().getName();
        String container = pod.getSpec().getContainers().getFirst().getName();
        String logql = "{namespace=\"" + s.namespace() + "\",pod=\"" + name + "\",container=\"" + container + "\"}";
        long now = System.currentTimeMillis() * 1_000_000L;
        String[] last = {null};
        Optional<Boolean> hit = Poll.until(run.deadline(), () -> {
            try {
                return Loki.query(calls, logql, now - AGENT_WINDOW.toNanos(), System.currentTimeMillis() * 1_000_000L, 1).isEmpty()
                        ? Optional.empty() : Optional.of(true);
            } catch (Calls.Failed e) {
                last[0] = e.getMessage();
                return Optional.empty();
            }
        });
        if (hit.isPresent()) {
            out.ok("the log agent delivers: lines of " + name + "/" + container + " found by " + logql);
        } else {
            out.problem("log agent: no line of pod " + name + " container " + container + " in Loki over the last hour ("
                    + logql + (last[0] == null ? "" : "; last query: " + last[0]) + "): is " + AGENT + " running and shipping?");
        }
    }
}
