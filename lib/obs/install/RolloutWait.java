package obs.install;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import obs.cli.Console;
import obs.core.ObsException;
import obs.kube.PodDiagnosis;
import obs.kube.Rollouts;
import obs.kube.ServerSideApply;
import obs.manifests.Rendered;

/** Waits, with a deadline, until every workload has rolled out; on timeout explains each one that has not. */
public final class RolloutWait {
    /**
     * One workload at the end of the wait.
     *
     * @param why what keeps it from being Ready (empty when ready)
     */
    public record Row(String component, String kind, String name, boolean ready, String summary, List<String> why) {
    }

    private RolloutWait() {
    }

    /** The first pause between looks; it doubles up to {@link #LONGEST_PAUSE}, so quick rollouts are seen quickly. */
    static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(2);

    /** Equivalent to {@code kubectl rollout status} on every workload at once, with {@code --timeout}. */
    public static List<Row> await(KubernetesClient client, List<Rendered.Item> workloads, Duration timeout, Console console)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Duration pause = FIRST_PAUSE;
        Set<String> announced = new HashSet<>();
        while (true) {
            List<Row> rows = new ArrayList<>();
            List<HasMetadata> live = new ArrayList<>();
            for (Rendered.Item w : workloads) {
                HasMetadata o = read(client, w.object());
                Rollouts.State state = Rollouts.state(o);
                live.add(o);
                rows.add(new Row(w.folder(), w.object().getKind(), w.object().getMetadata().getName(), state.ready(), state.summary(), List.of()));
                if (state.ready() && announced.add(w.folder() + "/" + w.object().getMetadata().getName())) {
                    console.progressDone();
                    console.info(w.folder() + " ready (" + state.summary() + ")");
                }
            }
            List<Row> waiting = rows.stream().filter(r -> !r.ready()).toList();
            Duration left = Duration.between(Instant.now(), deadline);
            if (waiting.isEmpty()) {
                console.progressDone();
                return rows;
            }
            if (left.isNegative() || left.isZero()) {
                console.progressDone();
                List<Row> explained = new ArrayList<>();
                for (int i = 0; i < rows.size(); i++) {
                    Row r = rows.get(i);
                    explained.add(r.ready() || live.get(i) == null ? r : new Row(r.component(), r.kind(), r.name(), false, r.summary(),
                            PodDiagnosis.explain(client, live.get(i))));
                }
                return explained;
            }
            console.progress("waiting for " + waiting.size() + "/" + rows.size() + " workloads ("
                    + waiting.stream().limit(3).map(r -> r.component() + " " + r.summary()).collect(Collectors.joining(", "))
                    + (waiting.size() > 3 ? ", ..." : "") + "), " + left.toSeconds() + "s left");
            Thread.sleep(Math.min(pause.toMillis(), Math.max(1, left.toMillis())));
            pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) < 0 ? pause.multipliedBy(2) : LONGEST_PAUSE;
        }
    }

    private static HasMetadata read(KubernetesClient client, HasMetadata o) {
        try {
            return client.resource(o).get();
        } catch (KubernetesClientException e) {
            throw ServerSideApply.failure(e, "get", o);
        }
    }

    static ObsException timeout(List<Row> rows, Duration timeout) {
        List<String> names = rows.stream().filter(r -> !r.ready()).map(Row::component).toList();
        return ObsException.problem(names.size() + " workload(s) not Ready within " + timeout.toSeconds() + "s: " + String.join(", ", names)
                + " (the reasons are listed above)");
    }
}
