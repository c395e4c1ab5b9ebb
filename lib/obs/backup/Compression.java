package obs.backup;

import io.airlift.compress.zstd.ZstdInputStream;
import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import obs.core.ObsException;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * How a set's Prometheus snapshot is stored: a plain copy (none), or one tar compressed with gzip or zstd. Each
 * compression has its own file name, and the manifest records which one was used, so a set is only ever read with
 * the compression it was written with; the file's first bytes must also be that format's magic number.
 * <p>
 * zstd is aircompressor's pure-Java implementation rather than zstd-jni (through commons-compress): the toolkit runs
 * under JBang on any JDK and in a container with a read-only root, where a native library would first have to be
 * unpacked into a writable temporary folder and exist for the machine's architecture. aircompressor has no
 * dependencies, is Java 8 bytecode, and writes standard zstd frames ({@code zstd -d} reads them).
 */
public enum Compression {
    NONE(null, new byte[0]),
    GZIP("prometheus/snapshot.tar.gz", new byte[]{0x1f, (byte) 0x8b}),
    ZSTD("prometheus/snapshot.tar.zst", new byte[]{0x28, (byte) 0xb5, 0x2f, (byte) 0xfd});

    private final String archive;
    private final byte[] magic;

    Compression(String archive, byte[] magic) {
        this.archive = archive;
        this.magic = magic;
    }

    /** The word used by --compress and in manifest.json. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The snapshot archive's path in the set; null for a plain copy. */
    String archive() {
        return archive;
    }

    /** The value of --compress. */
    public static Compression parse(String flag) {
        for (Compression c : values()) {
            if (c.word().equals(flag)) {
                return c;
            }
        }
        throw ObsException.usage("--compress: expected none, gzip or zstd, found '" + flag + "'");
    }

    /** The compression a manifest records (sets written before the field existed hold "none" or "gzip"). */
    static Compression of(Manifest manifest) {
        String word = manifest.compression() == null ? "none" : manifest.compression();
        for (Compression c : values()) {
            if (c.word().equals(word)) {
                return c;
            }
        }
        throw ObsException.problem(Manifest.NAME + ": unknown compression '" + word + "' (known: none, gzip, zstd)");
    }

    /** A stream that compresses into {@code out}; closing it finishes the format and closes {@code out}. */
    OutputStream compress(OutputStream out) throws IOException {
        return switch (this) {
            case NONE -> out;
            case GZIP -> new GzipCompressorOutputStream(out);
            case ZSTD -> new ZstdOutputStream(out);
        };
    }

    /**
     * The set's archive, decompressed. Its first bytes must be this format's magic number, and any decoding failure
     * (aircompressor reports corrupt input as an unchecked exception) becomes an IOException naming the file.
     */
    InputStream open(Path set) throws IOException {
        if (this == NONE) {
            throw new IllegalStateException("a plain snapshot has no archive to open");
        }
        Path file = set.resolve(archive);
        InputStream in = new BufferedInputStream(Files.newInputStream(file), Checksums.BUFFER);
        try {
            in.mark(magic.length);
            byte[] head = in.readNBytes(magic.length);
            in.reset();
            if (!Arrays.equals(head, magic)) {
                throw new IOException(archive + " is not " + word() + " data (the manifest says the snapshot is compressed with " + word() + ")");
            }
            InputStream decoded = this == GZIP ? new GzipCompressorInputStream(in) : new ZstdInputStream(in);
            return new Named(decoded, archive, word());
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Turns every decoding failure into an IOException that names the archive. */
    private static final class Named extends FilterInputStream {
        private final String file;
        private final String format;

        Named(InputStream in, String file, String format) {
            super(in);
            this.file = file;
            this.format = format;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException | RuntimeException e) {
                throw damaged(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                throw damaged(e);
            }
        }

        private IOException damaged(Exception e) {
            String why = e.getMessage() == null || e.getMessage().isBlank() ? "it ends early" : e.getMessage().lines().findFirst().orElse("");
            return new IOException(file + " is damaged: not valid " + format + " data (" + why + ")", e);
        }
    }
}
