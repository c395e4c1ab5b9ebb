package obs.verify;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One sample as a Prometheus remote-write request: a protobuf WriteRequest, snappy-compressed. Written by hand (about
 * 40 lines) rather than with protobuf-java and snappy-java: one message with three fields, and snappy's literal-only
 * form is a valid stream any decoder reads; the libraries would add two dependencies, one with native code.
 */
final class RemoteWrite {
    private RemoteWrite() {
    }

    /** WriteRequest{timeseries: [TimeSeries{labels (sorted by name), samples: [Sample{value, timestamp ms}]}]}. */
    static byte[] request(Map<String, String> sortedLabels, double value, long timestampMs) {
        ByteArrayOutputStream series = new ByteArrayOutputStream();
        sortedLabels.forEach((name, v) -> {
            ByteArrayOutputStream label = new ByteArrayOutputStream();
            bytes(label, 1, name.getBytes(StandardCharsets.UTF_8));
            bytes(label, 2, v.getBytes(StandardCharsets.UTF_8));
            bytes(series, 1, label.toByteArray());
        });
        ByteArrayOutputStream sample = new ByteArrayOutputStream();
        sample.write(1 << 3 | 1);
        long bits = Double.doubleToLongBits(value);
        for (int i = 0; i < 8; i++) {
            sample.write((int) (bits >>> (8 * i)) & 0xff);
        }
        sample.write(2 << 3);
        varint(sample, timestampMs);
        bytes(series, 2, sample.toByteArray());
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        bytes(request, 1, series.toByteArray());
        return snappy(request.toByteArray());
    }

    private static void bytes(ByteArrayOutputStream out, int field, byte[] value) {
        out.write(field << 3 | 2);
        varint(out, value.length);
        out.writeBytes(value);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** Snappy block format with literals only: the uncompressed length, then chunks of at most 64 KiB. */
    static byte[] snappy(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, data.length);
        for (int off = 0; off < data.length; off += 65536) {
            int n = Math.min(65536, data.length - off);
            if (n <= 60) {
                out.write((n - 1) << 2);
            } else if (n <= 256) {
                out.write(60 << 2);
                out.write(n - 1);
            } else {
                out.write(61 << 2);
                out.write((n - 1) & 0xff);
                out.write((n - 1) >>> 8);
            }
            out.write(data, off, n);
        }
        return out.toByteArray();
    }
}
