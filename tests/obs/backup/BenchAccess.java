package obs.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import obs.fakes.GrafanaFake;
import obs.grafana.GrafanaAuth;
import obs.grafana.GrafanaClient;

/** The package-private steps of a backup, for the benchmark in obs.backup.bench. */
public final class BenchAccess {
    private BenchAccess() {
    }

    /** Copies a snapshot folder into a new set the way a local backup does (no manifest, no read-back). */
    public static void copySnapshot(Path snapshot, Path target) throws IOException {
        copySnapshot(snapshot, target, Compression.NONE);
    }

    /** The same, stored with {@code compression}; the bytes written into the set. */
    public static long copySnapshot(Path snapshot, Path target, Compression compression) throws IOException {
        try (SetWriter set = SetWriter.start(target, "bench")) {
            copy(snapshot, set, compression);
            return set.bytes();
        }
    }

    /** The same, then the set completed: manifest, every file read back, fsync, rename. */
    public static void copySnapshotAndComplete(Path snapshot, Path target) throws IOException {
        try (SetWriter set = SetWriter.start(target, "bench")) {
            copy(snapshot, set, Compression.NONE);
            set.complete(new Manifest(Manifest.FORMAT, "bench", new Manifest.Source("bench", null, "bench"), Map.of(), "", "",
                    List.of("prometheus"), "none", false, set.files(), null, null));
        }
    }

    /** {@code snapshot} must be DATA/snapshots/NAME, as Prometheus lays it out. */
    private static void copy(Path snapshot, SetWriter set, Compression compression) throws IOException {
        try (SnapshotSink sink = SnapshotSink.of(set, compression)) {
            new LocalSnapshots(null, snapshot.getParent().getParent()).copy(snapshot.getFileName().toString(), sink);
        }
    }

    /** The Grafana part of a backup from the fake, {@code parallel} requests at a time; the dashboards saved. */
    public static int exportGrafana(GrafanaFake fake, Path target, int parallel) throws IOException {
        try (SetWriter set = SetWriter.start(target, "bench");
             GrafanaClient client = new GrafanaClient(fake.url(), GrafanaAuth.token(GrafanaFake.TOKEN))) {
            return GrafanaPart.backup(client, set, parallel, false).facts().dashboards();
        }
    }

    public static void deleteTree(Path p) {
        SetWriter.deleteTree(p);
    }

}
