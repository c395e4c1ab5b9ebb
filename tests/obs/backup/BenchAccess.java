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
        try (SetWriter set = SetWriter.start(target, "bench")) {
            copy(snapshot, set, Compression.NONE);
        }
    }

    /** What storing a snapshot with one compression cost: bytes in the set, seconds to write them and to unpack them again. */
    public record Stored(long bytes, double writeSeconds, double unpackSeconds) {
    }

    /** The snapshot stored with {@code compression} (the backup's copy or archive), then unpacked as restore and verify do. */
    public static Stored storeAndUnpack(Path snapshot, Path target, Compression compression) throws IOException {
        try (SetWriter set = SetWriter.start(target, "bench")) {
            long t0 = System.nanoTime();
            copy(snapshot, set, compression);
            double write = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            SnapshotFiles.materialize(set.root(), compression, target.resolve("unpacked"));
            double unpack = (System.nanoTime() - t1) / 1e9;
            SetWriter.deleteTree(target.resolve("unpacked"));
            return new Stored(set.bytes(), write, unpack);
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

    /** promtool's blocks from an OpenMetrics file (as the tests backfill). */
    public static void createBlocks(Path om, Path dataDir) throws IOException, InterruptedException {
        History.createBlocks(om, dataDir, java.time.Duration.ofMinutes(10));
    }

    public static void deleteTree(Path p) {
        SetWriter.deleteTree(p);
    }

}
