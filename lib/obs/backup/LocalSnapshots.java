package obs.backup;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import obs.core.FanOut;
import obs.core.Json;
import obs.http.PlainHttp;
import tools.jackson.databind.JsonNode;

/**
 * Snapshots of a Prometheus running on this host (the sandbox's, or one given with its data folder): taken with
 * the admin API, copied from DATA/snapshots/NAME with two files at a time (SHA-256 is CPU-bound, the copy is
 * I/O-bound: two streams keep both busy), then deleted.
 */
final class LocalSnapshots implements SnapshotSource {
    /** A snapshot writes the head out as a block: seconds for a large head, minutes on a slow disk. */
    static final Duration TAKE_TIMEOUT = Duration.ofMinutes(10);
    static final int PARALLEL = 2;
    private final URI prometheus;
    private final Path dataDir;

    LocalSnapshots(URI prometheus, Path dataDir) {
        this.prometheus = prometheus;
        this.dataDir = dataDir;
    }

    @Override
    public String take() throws IOException {
        PlainHttp.Reply reply = PlainHttp.post(URI.create(prometheus + "/api/v1/admin/tsdb/snapshot"), TAKE_TIMEOUT);
        return name(reply.status(), reply.body());
    }

    /** The snapshot's name from the admin API's answer; the admin API being off is said in words. */
    static String name(int status, String body) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Prometheus answered the snapshot request with " + status + ": " + PlainHttp.excerpt(body));
        }
        String name = root.path("data").path("name").asString("");
        if (status == 200 && !name.isEmpty() && name.matches("[A-Za-z0-9-]+")) {
            return name;
        }
        String error = root.path("error").asString(PlainHttp.excerpt(body));
        if (error.contains("admin APIs disabled")) {
            throw new IllegalStateException("Prometheus' admin API is off (start it with --web.enable-admin-api): no snapshot can be taken");
        }
        throw new IllegalStateException("Prometheus refused the snapshot (" + status + "): " + error);
    }

    @Override
    public void copy(String name, SnapshotSink sink) throws IOException {
        Path dir = dataDir.resolve("snapshots").resolve(name);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        List<FanOut.Result<Void>> results = FanOut.all(FanOut.Threads.PLATFORM, files, PARALLEL, f -> null, f -> {
            sink.copy(f, dir.relativize(f).toString());
            return null;
        });
        for (FanOut.Result<Void> r : results) {
            if (r instanceof FanOut.Failed<Void> f) {
                throw f.cause() instanceof IOException io ? io : new IOException(f.cause().getMessage(), f.cause());
            }
        }
    }

    @Override
    public void delete(String name) {
        SetWriter.deleteTree(dataDir.resolve("snapshots").resolve(name));
    }

    @Override
    public String describe() {
        return dataDir.resolve("snapshots").toString();
    }
}
