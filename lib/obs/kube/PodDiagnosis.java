package obs.kube;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Why a workload is not Ready, in the terms {@code kubectl describe} would show: unschedulable pods, containers
 * waiting (image pulls, crash loops, missing Secrets) or failing readiness, and the latest warning events of
 * the pods, the workload and its volume claims.
 */
public final class PodDiagnosis {
    /** How many warning events are shown per object. */
    static final int EVENTS = 3;

    private PodDiagnosis() {
    }

    /** Equivalent to {@code kubectl describe pods -l SELECTOR; kubectl get events --field-selector involvedObject.name=...}. */
    public static List<String> explain(KubernetesClient client, HasMetadata workload) {
        String ns = workload.getMetadata().getNamespace();
        Map<String, String> selector = Workloads.selector(workload).map(s -> s.getMatchLabels()).orElse(Map.of());
        List<Pod> pods;
        List<Event> events;
        try {
            pods = selector.isEmpty() ? List.of() : client.pods().inNamespace(ns).withLabels(selector).list().getItems();
            events = client.v1().events().inNamespace(ns).list().getItems();
        } catch (KubernetesClientException e) {
            return List.of("cannot read its pods and events (HTTP " + e.getCode() + "): kubectl -n " + ns + " describe "
                    + workload.getKind().toLowerCase() + " " + workload.getMetadata().getName());
        }
        List<String> lines = new ArrayList<>();
        if (pods.isEmpty()) {
            lines.add("no pods created");
        }
        for (Pod pod : pods) {
            if (!ready(pod)) {
                lines.add("pod " + pod.getMetadata().getName() + ": " + String.join("; ", podProblems(pod)));
            }
        }
        Set<String> involved = Stream.concat(Stream.of(workload.getMetadata().getName()),
                pods.stream().flatMap(p -> Stream.concat(Stream.of(p.getMetadata().getName()), claims(p)))).collect(Collectors.toSet());
        events.stream().filter(e -> "Warning".equals(e.getType()) && e.getInvolvedObject() != null
                        && involved.contains(e.getInvolvedObject().getName()))
                .sorted(Comparator.comparing(PodDiagnosis::when, Comparator.nullsFirst(Comparator.naturalOrder())).reversed())
                .limit(EVENTS * (long) Math.max(1, pods.size()))
                .forEach(e -> lines.add("event " + e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName() + ": "
                        + e.getReason() + ": " + oneLine(e.getMessage())));
        return lines;
    }

    public static List<String> podProblems(Pod pod) {
        List<String> out = new ArrayList<>();
        var status = pod.getStatus();
        if (status == null) {
            return List.of("no status yet");
        }
        for (PodCondition c : status.getConditions()) {
            if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
                out.add("not scheduled: " + c.getReason() + ": " + oneLine(c.getMessage()));
            }
        }
        for (ContainerStatus cs : Stream.concat(status.getInitContainerStatuses().stream(), status.getContainerStatuses().stream()).toList()) {
            var state = cs.getState();
            if (state != null && state.getWaiting() != null) {
                out.add("container " + cs.getName() + " waiting: " + state.getWaiting().getReason()
                        + (state.getWaiting().getMessage() == null ? "" : ": " + oneLine(state.getWaiting().getMessage())));
            } else if (state != null && state.getTerminated() != null) {
                out.add("container " + cs.getName() + " terminated: exit " + state.getTerminated().getExitCode() + " "
                        + Objects.toString(state.getTerminated().getReason(), ""));
            } else if (!Boolean.TRUE.equals(cs.getReady())) {
                out.add("container " + cs.getName() + " running but not ready (readiness probe failing)");
            }
            var last = cs.getLastState() == null ? null : cs.getLastState().getTerminated();
            if (last != null) {
                out.add("container " + cs.getName() + " restarted " + cs.getRestartCount() + " time(s), last exit " + last.getExitCode()
                        + (last.getReason() == null ? "" : " " + last.getReason()));
            }
        }
        if (out.isEmpty()) {
            out.add("phase " + status.getPhase());
        }
        return out;
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static Stream<String> claims(Pod pod) {
        return pod.getSpec() == null ? Stream.of() : pod.getSpec().getVolumes().stream()
                .filter(v -> v.getPersistentVolumeClaim() != null).map(v -> v.getPersistentVolumeClaim().getClaimName());
    }

    private static String when(Event e) {
        return e.getLastTimestamp() != null ? e.getLastTimestamp() : e.getEventTime() != null ? e.getEventTime().getTime() : null;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }
}
