package obs.backup;

import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The kubelet's side of {@code kubectl exec -i POD -- tar -xf -} for the mock API server: stdin arrives on channel 0
 * in pieces of any size, and like a real tar the command ends at the archive's end-of-archive blocks (exec's v4
 * protocol has no way to send EOF), then reports exit 0 on the status channel and closes. The mock server's own
 * exec sessions cannot stand in: they answer any message they were not told to expect by closing the socket.
 */
final class TarIntoPod implements ServerResponse {
    private static final int BLOCK = 512;
    final CompletableFuture<Map<String, String>> files = new CompletableFuture<>();

    @Override
    public boolean isRepeatable() {
        return false;
    }

    @Override
    public MockResponse toMockResponse(RecordedRequest request) {
        return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            private final ByteArrayOutputStream stdin = new ByteArrayOutputStream();

            @Override
            public void onMessage(WebSocket socket, byte[] message) {
                if (message.length == 0 || message[0] != 0 || files.isDone()) {
                    return;
                }
                stdin.write(message, 1, message.length - 1);
                Map<String, String> unpacked = ended(stdin.toByteArray());
                if (unpacked != null) {
                    files.complete(unpacked);
                    socket.send(new StatusStreamMessage(0).getBytes());
                    socket.close(1000, "");
                }
            }
        });
    }

    /** The archive's files once the stream so far ends with the two zero blocks after whole entries; else null. */
    static Map<String, String> ended(byte[] in) {
        if (in.length < 2 * BLOCK || in.length % BLOCK != 0
                || !Arrays.equals(Arrays.copyOfRange(in, in.length - 2 * BLOCK, in.length), new byte[2 * BLOCK])) {
            return null;
        }
        Map<String, String> out = new TreeMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(in))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                out.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
            return out;
        } catch (IOException e) {
            return null;
        }
    }
}
