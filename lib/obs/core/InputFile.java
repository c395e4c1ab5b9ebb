package obs.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one way obs reads a file someone gave it (values, targets, modules, checks, manifests, endpoints, CA and
 * secret files): it must be a regular file, after following links, of at most {@link #LIMIT} bytes. Anything else
 * is a usage error naming the file, so /dev/zero, a FIFO or a 64 GiB file cannot exhaust memory or hang a command.
 * A missing file still surfaces as {@link java.nio.file.NoSuchFileException}, so each caller keeps its own advice.
 */
public final class InputFile {
    /**
     * 4 MiB: every file obs ships is under 200 KiB, and the files a cluster mounts come from ConfigMaps, which
     * Kubernetes caps at 1 MiB; parsed YAML of this size stays in the tens of megabytes.
     */
    public static final int LIMIT = 4 << 20;

    private InputFile() {
    }

    /** The file as UTF-8 text. */
    public static String readString(Path file) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(readBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw ObsException.usage(file + ": not UTF-8 text");
        }
    }

    /** The file's bytes as a stream, for APIs that take one. */
    public static InputStream newInputStream(Path file) throws IOException {
        return new ByteArrayInputStream(readBytes(file));
    }

    /**
     * The file's bytes. The type is checked before opening because opening a FIFO blocks until a writer comes.
     * The file could still be swapped for a device between the check and the open, so at most one byte more than
     * the limit is ever read.
     */
    public static byte[] readBytes(Path file) throws IOException {
        return readBytes(file, LIMIT);
    }

    /** As {@link #readBytes(Path)}, with a limit of its own (for obs's own state files), a whole number of MiB. */
    public static byte[] readBytes(Path file, int limit) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attrs.isRegularFile()) {
            throw ObsException.usage(file + ": not a regular file");
        }
        if (attrs.size() > limit) {
            throw tooLarge(file, limit);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(limit + 1);
        }
        if (bytes.length > limit) {
            throw tooLarge(file, limit);
        }
        return bytes;
    }

    private static ObsException tooLarge(Path file, int limit) {
        return ObsException.usage(file + ": larger than " + (limit >> 20) + " MiB");
    }
}
