package obs.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import obs.backup.Manifest.FileEntry;

/** SHA-256 of files, computed in the same pass that copies or writes them, so each byte is read once. */
public final class Checksums {
    /** 1 MiB: large enough that a copy runs at disk speed, small enough for a few parallel copies. */
    static final int BUFFER = 1 << 20;

    private Checksums() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Copies {@code from} to a new file {@code to} and returns its entry under {@code relative}; {@link SetWriter#complete}
     * forces every file to disk before the set gets its name.
     * Copied through a buffer rather than with Files.copy so the checksum needs no second read.
     */
    public static FileEntry copy(Path from, Path to, String relative) throws IOException {
        MessageDigest digest = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        long size = 0;
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (in.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer.array(), 0, buffer.limit());
                size += buffer.limit();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                buffer.clear();
            }
        }
        return new FileEntry(relative, size, hex(digest));
    }

    /** Writes {@code in} to a new file {@code to} and returns its entry under {@code relative}. */
    public static FileEntry write(InputStream in, Path to, String relative) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[BUFFER];
        long size = 0;
        try (FileChannel channel = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
                size += n;
            }
            out.flush();
        }
        return new FileEntry(relative, size, hex(digest));
    }

    /** Reads a file back and returns its size and SHA-256. */
    public static FileEntry of(Path file, String relative) throws IOException {
        MessageDigest digest = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        long size = 0;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            while (in.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer.array(), 0, buffer.limit());
                size += buffer.limit();
                buffer.clear();
            }
        }
        return new FileEntry(relative, size, hex(digest));
    }

    /** Forces a file's content to disk. */
    static void syncFile(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Forces a directory's entries (new names, renames) to disk. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    static boolean isRegularFile(Path p) {
        return Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }
}
