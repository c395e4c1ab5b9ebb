package obs.backup.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import obs.backup.BenchAccess;
import obs.fakes.GrafanaFake;

/**
 * Benchmark (not a test), two parts, each against its baseline in the same run:
 * <ol>
 * <li>copying and checksumming a TSDB-shaped folder of at least 1 GiB (incompressible blocks: chunks, index,
 * meta.json) the way backup copies a local snapshot, against {@code tar -cf - DIR | sha256sum} on the same folder;
 * the page cache is warmed first and the two alternate, so both read from memory and the difference is the work;</li>
 * <li>the Grafana export of 2,000 dashboards from the fake with 20 ms per request: 8 requests at once (backup's
 * default) against one at a time;</li>
 * <li>{@code --compress} none, gzip and zstd on the same data: size, time to write into a set, time to unpack (what
 * restore and verify do), on real blocks written by promtool and on the incompressible folder of part 1.</li>
 * </ol>
 * Run: {@code tests/bench/backup.sh [tsdb|grafana|compression]} (all three without an argument; or
 * {@code java -cp target/test-classes:target/classes:DEPS obs.backup.bench.BackupBench}).
 */
public final class BackupBench {
    static final int BLOCKS = 16;
    static final int CHUNK_MB = 60;
    static final int RUNS = 3;

    public static void main(String[] args) throws Exception {
        List<String> parts = args.length == 0 ? List.of("tsdb", "grafana", "compression") : List.of(args);
        Path work = Files.createTempDirectory("obs-backup-bench");
        try {
            if (parts.contains("tsdb")) {
                tsdb(work);
            }
            if (parts.contains("grafana")) {
                grafana(work);
            }
            if (parts.contains("compression")) {
                CompressionBench.run(work);
            }
        } finally {
            BenchAccess.deleteTree(work);
        }
    }

    static Path randomSnapshot(Path work) {
        return work.resolve("data/snapshots/20261202T000000Z-bench");
    }

    static void tsdb(Path work) throws Exception {
        Path data = randomSnapshot(work);
        long bytes = fill(data);
        System.out.printf("TSDB-shaped folder: %d blocks, %.2f GiB%n", BLOCKS, bytes / (double) (1L << 30));
        tar(data);
        double[] ours = new double[RUNS];
        double[] theirs = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            Path target = work.resolve("copy-" + i);
            long t0 = System.nanoTime();
            BenchAccess.copySnapshot(data, target);
            ours[i] = (System.nanoTime() - t0) / 1e9;
            BenchAccess.deleteTree(target);
            long t1 = System.nanoTime();
            tar(data);
            theirs[i] = (System.nanoTime() - t1) / 1e9;
        }
        double o = median(ours);
        double t = median(theirs);
        System.out.printf("backup copy+SHA-256 (2 files at a time): median %.2f s = %.0f MiB/s%n", o, bytes / o / (1 << 20));
        System.out.printf("tar -cf - DIR | sha256sum:               median %.2f s = %.0f MiB/s%n", t, bytes / t / (1 << 20));
        System.out.printf("rate ratio backup / tar|sha256sum: %.0f %% (goal >= 80 %%)%n", 100 * t / o);
        Path target = work.resolve("copy-verified");
        long t0 = System.nanoTime();
        BenchAccess.copySnapshotAndComplete(data, target);
        double full = (System.nanoTime() - t0) / 1e9;
        System.out.printf("whole set (copy, then every file read back against the manifest, fsync, rename): %.2f s = %.0f MiB/s%n",
                full, bytes / full / (1 << 20));
        BenchAccess.deleteTree(target);
    }

    static void grafana(Path work) throws Exception {
        try (GrafanaFake fake = GrafanaFake.start()) {
            for (int i = 0; i < 2000; i++) {
                fake.addDashboard(String.format("d%05d", i), "Dashboard " + i, null);
            }
            fake.delay(Duration.ofMillis(20));
            for (int parallel : List.of(8, 1)) {
                Path target = work.resolve("grafana-" + parallel);
                int before = fake.requests();
                long t0 = System.nanoTime();
                int saved = BenchAccess.exportGrafana(fake, target, parallel);
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("Grafana export, %d dashboards, 20 ms per request, %d at a time: %.1f s (%d requests)%n",
                        saved, parallel, s, fake.requests() - before);
                BenchAccess.deleteTree(target);
            }
        }
    }

    /** Blocks of random data shaped like Prometheus': chunks/000001, index, meta.json, tombstones. */
    static long fill(Path data) throws IOException {
        Random random = new Random(42);
        byte[] buffer = new byte[1 << 20];
        long total = 0;
        for (int b = 0; b < BLOCKS; b++) {
            Path block = Files.createDirectories(data.resolve(String.format("01JDBENCH%017d", b)).resolve("chunks")).getParent();
            try (OutputStream out = Files.newOutputStream(block.resolve("chunks/000001"))) {
                for (int m = 0; m < CHUNK_MB; m++) {
                    random.nextBytes(buffer);
                    out.write(buffer);
                }
            }
            byte[] index = new byte[4 << 20];
            random.nextBytes(index);
            Files.write(block.resolve("index"), index);
            Files.writeString(block.resolve("meta.json"), "{\"ulid\":\"b" + b + "\",\"minTime\":" + (1796000000000L + b * 7200000L) + ",\"maxTime\":"
                    + (1796007200000L + b * 7200000L) + ",\"version\":1}");
            Files.write(block.resolve("tombstones"), new byte[]{0, 0, 0, 1});
            total += (long) CHUNK_MB * (1 << 20) + index.length;
        }
        return total;
    }

    static void tar(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", "tar -cf - -C \"$0\" . | sha256sum > /dev/null", dir.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("tar | sha256sum failed");
        }
    }

    static double median(double[] values) {
        double[] copy = values.clone();
        java.util.Arrays.sort(copy);
        return copy[copy.length / 2];
    }
}
