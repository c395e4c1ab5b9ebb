package obs.runbook;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import obs.access.Endpoints;
import obs.kube.Kube;
import obs.stack.Stack;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** What the evidence bundle records beside the steps: the alert in Alertmanager, and the pods of the components involved. */
final class Observed {
    /** Lines of each container's log kept. */
    static final int LOG_LINES = 200;
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Observed() {
    }

    /**
     * The alert's current state in Alertmanager.
     *
     * @param json the answer (an array of alerts), or null when it could not be had
     * @param text one line for a person: firing with labels, not firing, or why it is unknown
     * @param labels the labels of the first alert, empty when there is none
     */
    record Alert(String json, String text, Map<String, String> labels) {
        Alert(String json, String text) {
            this(json, text, Map.of());
        }
    }

    /** Equivalent to {@code amtool alert query alertname=NAME}: GET /api/v2/alerts?filter=alertname="NAME". */
    static Alert alert(Endpoints endpoints, String name) {
        var am = Stack.get("alertmanager");
        var route = endpoints.route(am, am.httpPort());
        if (route.isEmpty()) {
            return new Alert(null, "unknown: no way to reach Alertmanager here (give --endpoint alertmanager=URL)");
        }
        String path = "/api/v2/alerts?filter=" + URLEncoder.encode("alertname=\"" + name + "\"", StandardCharsets.UTF_8);
        try {
            Endpoints.Reply reply = route.get().get(path, TIMEOUT);
            if (reply.status() != 200) {
                return new Alert(null, "unknown: Alertmanager answered HTTP " + reply.status() + " at " + route.get().describe(path));
            }
            JsonNode alerts = obs.core.Json.mapper().readTree(reply.body());
            if (alerts.isEmpty()) {
                return new Alert(reply.body(), "not firing in Alertmanager (" + route.get().describe("") + ")");
            }
            JsonNode first = alerts.get(0);
            Map<String, String> labels = new java.util.TreeMap<>();
            first.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
            return new Alert(reply.body(), first.path("status").path("state").asString("unknown") + " since "
                    + first.path("startsAt").asString("?") + " (" + alerts.size() + " alert(s)), labels " + labels, labels);
        } catch (IOException e) {
            return new Alert(null, "unknown: Alertmanager did not answer at " + route.get().describe(path) + ": " + e.getMessage());
        } catch (JacksonException e) {
            return new Alert(null, "unknown: Alertmanager's answer is not JSON: " + e.getOriginalMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Alert(null, "unknown: interrupted");
        }
    }

    /**
     * The events of a component's pods and their recent logs, file name to text. Equivalent to
     * {@code kubectl -n NS get events} for the pods of {@code kubectl -n NS get pods -l app.kubernetes.io/name=C}, and
     * {@code kubectl -n NS logs POD -c CONTAINER --tail=200} for each container.
     */
    static Map<String, String> pods(KubernetesClient kube, String namespace, String component) {
        Map<String, String> files = new LinkedHashMap<>();
        List<Pod> pods;
        try {
            pods = kube.pods().inNamespace(namespace).withLabel("app.kubernetes.io/name", component).list().getItems();
        } catch (KubernetesClientException e) {
            files.put("events.txt", "cannot list the pods of " + component + ": " + Kube.reason(e) + "\n");
            return files;
        }
        Set<String> names = pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
        StringBuilder events = new StringBuilder();
        try {
            kube.v1().events().inNamespace(namespace).list().getItems().stream()
                    .filter(e -> e.getInvolvedObject() != null && (names.contains(e.getInvolvedObject().getName())
                            || e.getInvolvedObject().getName() != null && e.getInvolvedObject().getName().startsWith(component)))
                    .sorted(Comparator.comparing(Observed::when, Comparator.nullsFirst(Comparator.naturalOrder())))
                    .forEach(e -> events.append(String.join("  ", String.valueOf(when(e)), String.valueOf(e.getType()),
                            String.valueOf(e.getReason()), e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName(),
                            String.valueOf(e.getMessage()).replaceAll("\\s+", " "))).append('\n'));
        } catch (KubernetesClientException e) {
            events.append("cannot list events: ").append(Kube.reason(e)).append('\n');
        }
        files.put("events.txt", (pods.isEmpty() ? "no pods labelled app.kubernetes.io/name=" + component + " in " + namespace + "\n" : "")
                + (events.isEmpty() ? "no events\n" : events.toString()));
        for (Pod pod : pods) {
            for (var container : pod.getSpec().getContainers()) {
                String file = pod.getMetadata().getName() + "." + container.getName() + ".log";
                try {
                    String log = kube.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).inContainer(container.getName())
                            .tailingLines(LOG_LINES).getLog();
                    files.put(file, log == null ? "" : log);
                } catch (KubernetesClientException e) {
                    files.put(file, "cannot read the log: " + Kube.reason(e) + "\n");
                }
            }
        }
        return files;
    }

    /**
     * The last lines of a sandbox server's log file. Read from the end (at most 256 KiB), since a log is not a file
     * someone gave obs but one that grows while it runs.
     */
    static String tail(Path log) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, file.length() - (256 << 10));
            byte[] bytes = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(bytes);
            List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size())) + "\n";
        } catch (IOException e) {
            return "cannot read " + log + ": " + e.getMessage() + "\n";
        }
    }

    private static String when(Event e) {
        return e.getLastTimestamp() != null ? e.getLastTimestamp() : e.getEventTime() != null ? e.getEventTime().getTime() : null;
    }
}
