package obs.verify;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One span as a Jaeger {@code Batch} in Thrift's binary protocol, the body of {@code POST /api/traces} on Tempo's
 * jaeger thrift_http receiver. Written by hand (about 60 lines) rather than with libthrift and the generated Jaeger
 * classes: one struct tree of required fields, and the library would add a dependency for a single request.
 */
final class JaegerThrift {
    private static final int STOP = 0;
    private static final int I32 = 8;
    private static final int I64 = 10;
    private static final int STRING = 11;
    private static final int STRUCT = 12;
    private static final int LIST = 15;

    private JaegerThrift() {
    }

    /**
     * Batch{process: Process{serviceName}, spans: [Span{traceIdLow, traceIdHigh, spanId, parentSpanId 0, operationName,
     * flags 1, startTime µs, duration µs, tags (strings)}]}.
     */
    static byte[] batch(String service, String traceIdHex, String spanIdHex, String operation, long startMicros, long durationMicros,
                        Map<String, String> tags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        field(out, STRUCT, 1);
        field(out, STRING, 1);
        string(out, service);
        out.write(STOP);
        field(out, LIST, 2);
        out.write(STRUCT);
        i32(out, 1);
        field(out, I64, 1);
        i64(out, Long.parseUnsignedLong(traceIdHex.substring(16), 16));
        field(out, I64, 2);
        i64(out, Long.parseUnsignedLong(traceIdHex.substring(0, 16), 16));
        field(out, I64, 3);
        i64(out, Long.parseUnsignedLong(spanIdHex, 16));
        field(out, I64, 4);
        i64(out, 0);
        field(out, STRING, 5);
        string(out, operation);
        field(out, I32, 7);
        i32(out, 1);
        field(out, I64, 8);
        i64(out, startMicros);
        field(out, I64, 9);
        i64(out, durationMicros);
        field(out, LIST, 10);
        out.write(STRUCT);
        i32(out, tags.size());
        tags.forEach((k, v) -> {
            field(out, STRING, 1);
            string(out, k);
            field(out, I32, 2);
            i32(out, 0);
            field(out, STRING, 3);
            string(out, v);
            out.write(STOP);
        });
        out.write(STOP);
        out.write(STOP);
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, int type, int id) {
        out.write(type);
        out.write(id >>> 8);
        out.write(id & 0xff);
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        i32(out, b.length);
        out.writeBytes(b);
    }

    private static void i32(ByteArrayOutputStream out, int v) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write(v >>> shift & 0xff);
        }
    }

    private static void i64(ByteArrayOutputStream out, long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift) & 0xff);
        }
    }
}
