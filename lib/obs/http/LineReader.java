package obs.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads CRLF- or LF-terminated lines and raw bytes from one buffered stream, for HTTP/1.1 heads and for
 * banner dialogues. Bytes are read as ISO-8859-1 so no input can fail to decode.
 */
public final class LineReader {
    private static final int MAX_LINE = 64 * 1024;

    private final InputStream in;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int end;
    private long firstByteNanos;

    public LineReader(InputStream in) {
        this.in = in;
    }

    /** When the first byte arrived (System.nanoTime), or 0 if none has yet. */
    public long firstByteNanos() {
        return firstByteNanos;
    }

    /** A line went past the limit its reader set; the rest of it is still unread. */
    public static final class TooLong extends IOException {
        TooLong(int max) {
            super("line longer than " + max + " bytes");
        }
    }

    /** The next line without its terminator, or null at end of stream. */
    public String readLine() throws IOException {
        return readLine(MAX_LINE);
    }

    /** The next line without its terminator, or null at end of stream; {@link TooLong} past {@code max} characters. */
    public String readLine(int max) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (pos == end && !fill()) {
                return line.isEmpty() ? null : line.toString();
            }
            while (pos < end) {
                byte b = buf[pos++];
                if (b == '\n') {
                    int len = line.length();
                    if (len > 0 && line.charAt(len - 1) == '\r') {
                        line.setLength(len - 1);
                    }
                    return line.toString();
                }
                line.append((char) (b & 0xff));
                if (line.length() > max) {
                    throw new TooLong(max);
                }
            }
        }
    }

    /** Reads up to {@code max} bytes into {@code sink} (may be null to discard); returns the count, -1 at end. */
    public int read(byte[] sink, int max) throws IOException {
        if (pos == end && !fill()) {
            return -1;
        }
        int n = Math.min(max, end - pos);
        if (sink != null) {
            System.arraycopy(buf, pos, sink, 0, n);
        }
        pos += n;
        return n;
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        if (firstByteNanos == 0) {
            firstByteNanos = System.nanoTime();
        }
        pos = 0;
        end = n;
        return true;
    }
}
