package obs.backup;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.ErrorStreamMessage;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * The kubelet of verify's scratch pods for fabric8's mock API server (whose pod names it cannot know in advance):
 * exec sessions into any obs-backup-verify-* pod are played as the pod would ({@code tar -xf -} takes the archive on
 * stdin and ends at its end-of-archive blocks, {@code touch} writes the marker, {@code wget} answers from a stand-in
 * for Prometheus' API), and {@link #tick} moves such pods to Running and, once the marker is written, Ready.
 * Other requests go to the mock's usual CRUD and expectations.
 */
final class ScratchKubelet extends KubernetesMixedDispatcher {
    /** Prometheus' API as the pod's wget would see it: the path and query in, the body out. */
    volatile UnaryOperator<String> prometheus = path -> "{}";
    /** Whether the tar session ends with an exit status, as the API server sends it; false plays a cut stream. */
    volatile boolean tarReportsStatus = true;
    /** A waiting reason the container gets instead of running (ErrImagePull); null to run. */
    volatile String waitingReason;
    /** What wget prints on stderr before exiting 1 (an answer other than 2xx); null to answer from {@link #prometheus}. */
    volatile String wgetError;
    volatile boolean markerWritten;
    volatile CompletableFuture<Map<String, String>> files = new CompletableFuture<>();
    final List<Pod> created = new CopyOnWriteArrayList<>();
    final List<List<String>> commands = new CopyOnWriteArrayList<>();

    ScratchKubelet(Map<ServerRequest, Queue<ServerResponse>> responses) {
        super(responses);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        if (!path.contains("/pods/" + ScratchPod.PREFIX) || !path.contains("/exec?")) {
            return super.dispatch(request);
        }
        List<String> command = new ArrayList<>();
        for (String param : path.substring(path.indexOf('?') + 1).split("&")) {
            if (param.startsWith("command=")) {
                command.add(URLDecoder.decode(param.substring("command=".length()), StandardCharsets.UTF_8));
            }
        }
        commands.add(command);
        return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            private final ByteArrayOutputStream stdin = new ByteArrayOutputStream();
            private final CompletableFuture<Map<String, String>> unpacked = files;

            @Override
            public void onOpen(WebSocket socket, io.fabric8.mockwebserver.http.Response response) {
                switch (command.get(0)) {
                    case "tar" -> {
                        // Ends when the archive does (onMessage).
                    }
                    case "mkdir" -> end(socket, null);
                    case "touch" -> {
                        markerWritten = command.get(1).equals(ScratchPod.MARKER);
                        end(socket, null);
                    }
                    case "wget" -> {
                        if (wgetError != null) {
                            socket.send(new ErrorStreamMessage(wgetError).getBytes());
                            socket.send(new StatusStreamMessage(1).getBytes());
                            socket.close(1000, "");
                        } else {
                            end(socket, prometheus.apply(command.getLast().substring(ExecRoute.LOCAL.length())));
                        }
                    }
                    default -> {
                        socket.send(new StatusStreamMessage(127).getBytes());
                        socket.close(1000, "");
                    }
                }
            }

            @Override
            public void onMessage(WebSocket socket, byte[] message) {
                if (message.length == 0 || message[0] != 0 || unpacked.isDone()) {
                    return;
                }
                stdin.write(message, 1, message.length - 1);
                Map<String, String> archive = TarIntoPod.ended(stdin.toByteArray());
                if (archive != null) {
                    unpacked.complete(archive);
                    if (tarReportsStatus) {
                        socket.send(new StatusStreamMessage(0).getBytes());
                    }
                    socket.close(1000, "");
                }
            }
        });
    }

    private static void end(WebSocket socket, String stdout) {
        if (stdout != null) {
            socket.send(new OutputStreamMessage(stdout).getBytes());
        }
        socket.send(new StatusStreamMessage(0).getBytes());
        socket.close(1000, "");
    }

    /** One round of the kubelet: new scratch pods start (or wait on {@link #waitingReason}), a loaded one gets Ready. */
    void tick(KubernetesClient client, String namespace) {
        for (Pod p : client.pods().inNamespace(namespace).list().getItems()) {
            if (!p.getMetadata().getName().startsWith(ScratchPod.PREFIX)) {
                continue;
            }
            if (p.getStatus() == null || p.getStatus().getPhase() == null) {
                created.add(p);
                var status = new PodStatusBuilder().withPhase(waitingReason == null ? "Running" : "Pending");
                if (waitingReason != null) {
                    status.addNewContainerStatus().withName(ScratchPod.CONTAINER).withReady(false).withNewState().withNewWaiting()
                            .withReason(waitingReason).withMessage(waitingReason.equals("ErrImagePull") ? "pull access denied" : null).endWaiting().endState().endContainerStatus();
                }
                p.setStatus(status.build());
                client.pods().inNamespace(namespace).resource(p).updateStatus();
            } else if (markerWritten && p.getStatus().getConditions().isEmpty()) {
                p.getStatus().setConditions(List.of(new PodConditionBuilder().withType("Ready").withStatus("True").build()));
                client.pods().inNamespace(namespace).resource(p).updateStatus();
            }
        }
    }
}
