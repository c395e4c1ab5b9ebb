package obs.backup.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import obs.backup.BenchAccess;
import obs.backup.BenchAccess.Stored;
import obs.backup.Compression;

/**
 * Part 3 of {@link BackupBench}: {@code --compress} none, gzip and zstd on the same snapshots in the same run, each
 * stored into a set the way backup stores it (SHA-256 included) and unpacked again the way restore and verify do.
 * Two kinds of data: real blocks written by promtool from counters and gauges shaped like scrapes (Prometheus'
 * chunks are already compressed, its index is not), and the incompressible 1 GiB folder of part 1 (the worst case).
 */
final class CompressionBench {
    static final int SERIES = 1000;
    static final int SAMPLES = 2880;
    static final int RUNS = 3;

    private CompressionBench() {
    }

    static void run(Path work) throws Exception {
        Path real = work.resolve("real/snapshots/20261202T000000Z-promtool");
        long t0 = System.nanoTime();
        long bytes = promtoolBlocks(work, real);
        System.out.printf("real blocks from promtool: %d series x %d samples (15 s apart), %.1f MiB, written in %.0f s%n",
                SERIES, SAMPLES, bytes / (double) (1 << 20), (System.nanoTime() - t0) / 1e9);
        compare("real blocks", real, bytes, work, RUNS);
        Path random = BackupBench.randomSnapshot(work);
        if (!Files.isDirectory(random)) {
            BackupBench.fill(random);
        }
        compare("incompressible 1 GiB", random, size(random), work, 1);
    }

    private static void compare(String what, Path snapshot, long bytes, Path work, int runs) throws IOException {
        for (Compression c : Compression.values()) {
            BenchAccess.deleteTree(work.resolve("warm-up"));
            BenchAccess.storeAndUnpack(snapshot, work.resolve("warm-up"), c);
        }
        BenchAccess.deleteTree(work.resolve("warm-up"));
        for (Compression c : Compression.values()) {
            double[] write = new double[runs];
            double[] unpack = new double[runs];
            long stored = 0;
            for (int i = 0; i < runs; i++) {
                Path target = work.resolve("compress-" + c.word() + "-" + i);
                Stored s = BenchAccess.storeAndUnpack(snapshot, target, c);
                BenchAccess.deleteTree(target);
                write[i] = s.writeSeconds();
                unpack[i] = s.unpackSeconds();
                stored = s.bytes();
            }
            double w = BackupBench.median(write);
            System.out.printf("%-21s --compress %-4s  %9.1f MiB (%5.1f %% of %.1f MiB)  write %6.2f s (%4.0f MiB/s)  unpack %6.2f s  [median of %d]%n",
                    what, c.word(), stored / (double) (1 << 20), 100.0 * stored / bytes, bytes / (double) (1 << 20), w,
                    bytes / w / (1 << 20), BackupBench.median(unpack), runs);
        }
    }

    /** Integer counters with irregular increments and full-precision float gauges (latencies), as OpenMetrics; promtool writes the blocks. */
    private static long promtoolBlocks(Path work, Path dir) throws IOException, InterruptedException {
        Path om = work.resolve("history.om");
        Random random = new Random(7);
        long end = System.currentTimeMillis() / 1000 - 3 * 3600;
        try (BufferedWriter w = Files.newBufferedWriter(om)) {
            w.write("# TYPE http_requests counter\n");
            for (int s = 0; s < SERIES / 2; s++) {
                long value = random.nextInt(100_000);
                for (int i = SAMPLES - 1; i >= 0; i--) {
                    value += random.nextInt(40);
                    w.write("http_requests_total{job=\"api\",instance=\"10.0." + s / 50 + "." + s % 50 + ":8080\",code=\"200\"} "
                            + value + " " + (end - 15L * i) + "\n");
                }
            }
            w.write("# TYPE request_duration_seconds gauge\n");
            for (int s = 0; s < SERIES / 2; s++) {
                double value = random.nextDouble() * 0.5;
                for (int i = SAMPLES - 1; i >= 0; i--) {
                    value = Math.max(0, value + random.nextGaussian() * 0.01);
                    w.write("request_duration_seconds{job=\"api\",instance=\"10.0." + s / 50 + "." + s % 50 + ":8080\"} "
                            + value + " " + (end - 15L * i) + "\n");
                }
            }
            w.write("# EOF\n");
        }
        BenchAccess.createBlocks(om, dir);
        Files.delete(om);
        return size(dir);
    }

    private static long size(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
