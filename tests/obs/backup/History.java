package obs.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * History for a real Prometheus: old blocks backfilled with promtool from OpenMetrics text, and recent samples sent
 * to the remote-write receiver (protobuf and snappy written by hand: a literal-only snappy stream is valid, and the
 * WriteRequest needs three message types).
 */
final class History {
    private History() {
    }

    /**
     * Writes blocks for {@code series} series of metric {@code up} (job=history) with {@code samples} samples each,
     * {@code stepSeconds} apart, ending {@code endAgo} before now, into {@code dataDir}; returns the sample count.
     */
    static long backfill(Path dataDir, int series, int samples, int stepSeconds, Duration endAgo) throws IOException, InterruptedException {
        Path om = Files.createTempFile("obs-backfill", ".om");
        try {
            long end = System.currentTimeMillis() / 1000 - endAgo.toSeconds();
            StringBuilder sb = new StringBuilder("# HELP up history\n# TYPE up gauge\n");
            for (int s = 0; s < series; s++) {
                for (int i = samples - 1; i >= 0; i--) {
                    sb.append("up{job=\"history\",instance=\"h").append(s).append("\"} 1 ").append(end - (long) i * stepSeconds).append('\n');
                }
            }
            sb.append("# EOF\n");
            Files.writeString(om, sb);
            createBlocks(om, dataDir, Duration.ofMinutes(2));
            return (long) series * samples;
        } finally {
            Files.deleteIfExists(om);
        }
    }

    /** promtool's blocks from an OpenMetrics file, written into {@code dataDir}. */
    static void createBlocks(Path om, Path dataDir, Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        Process p = new ProcessBuilder("promtool", "tsdb", "create-blocks-from", "openmetrics", om.toString(), dataDir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("promtool tsdb create-blocks-from failed");
        }
    }

    /** Sends {@code samples} samples per series of up{job="recent",instance=i} ending 90 s ago, 10 s apart; returns the count. */
    static long remoteWrite(URI prometheus, int series, int samples) throws IOException, InterruptedException {
        long now = System.currentTimeMillis() - 90_000; // older than the minute before a snapshot that the counts leave out
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        for (int s = 0; s < series; s++) {
            ByteArrayOutputStream ts = new ByteArrayOutputStream();
            for (String[] l : List.of(new String[]{"__name__", "up"}, new String[]{"instance", "r" + s}, new String[]{"job", "recent"})) {
                ByteArrayOutputStream label = new ByteArrayOutputStream();
                field(label, 1, l[0].getBytes(StandardCharsets.UTF_8));
                field(label, 2, l[1].getBytes(StandardCharsets.UTF_8));
                field(ts, 1, label.toByteArray());
            }
            for (int i = samples - 1; i >= 0; i--) {
                ByteArrayOutputStream sample = new ByteArrayOutputStream();
                sample.write(9); // field 1, fixed64 double
                long bits = Double.doubleToLongBits(1.0);
                for (int b = 0; b < 8; b++) {
                    sample.write((int) (bits >>> (8 * b)) & 0xff);
                }
                sample.write(16); // field 2, varint int64
                varint(sample, now - i * 10_000L);
                field(ts, 2, sample.toByteArray());
            }
            field(request, 1, ts.toByteArray());
        }
        byte[] body = snappy(request.toByteArray());
        HttpRequest r = HttpRequest.newBuilder(URI.create(prometheus + "/api/v1/write")).header("Content-Encoding", "snappy")
                .header("Content-Type", "application/x-protobuf").header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(30)).build();
        try (HttpClient c = HttpClient.newHttpClient()) {
            HttpResponse<String> resp = c.send(r, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 204 && resp.statusCode() != 200) {
                throw new IOException("remote write answered " + resp.statusCode() + ": " + resp.body());
            }
        }
        return (long) series * samples;
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] bytes) {
        out.write(number << 3 | 2);
        varint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** Snappy with literals only: the uncompressed length, then chunks of at most 60 bytes each with a one-byte tag. */
    private static byte[] snappy(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, data.length);
        for (int off = 0; off < data.length; off += 60) {
            int n = Math.min(60, data.length - off);
            out.write((n - 1) << 2);
            out.write(data, off, n);
        }
        return out.toByteArray();
    }
}
