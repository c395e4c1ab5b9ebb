package obs.fakes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Thrift's binary protocol read into plain values: a struct is a map from field id to value, a list a list. */
final class ThriftReader {
    private ThriftReader() {
    }

    static Map<Integer, Object> struct(ByteBuffer in) {
        Map<Integer, Object> fields = new LinkedHashMap<>();
        while (true) {
            byte type = in.get();
            if (type == 0) {
                return fields;
            }
            fields.put((int) in.getShort(), value(in, type));
        }
    }

    private static Object value(ByteBuffer in, byte type) {
        return switch (type) {
            case 2 -> in.get() != 0;
            case 3 -> in.get();
            case 4 -> in.getDouble();
            case 6 -> in.getShort();
            case 8 -> in.getInt();
            case 10 -> in.getLong();
            case 11 -> {
                byte[] b = new byte[in.getInt()];
                in.get(b);
                yield new String(b, StandardCharsets.UTF_8);
            }
            case 12 -> struct(in);
            case 13 -> {
                byte k = in.get();
                byte v = in.get();
                int n = in.getInt();
                Map<Object, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    m.put(value(in, k), value(in, v));
                }
                yield m;
            }
            case 14, 15 -> {
                byte e = in.get();
                int n = in.getInt();
                List<Object> l = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    l.add(value(in, e));
                }
                yield l;
            }
            default -> throw new IllegalArgumentException("unknown Thrift type " + type);
        };
    }
}
