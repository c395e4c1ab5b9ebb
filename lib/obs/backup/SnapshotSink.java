package obs.backup;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import obs.backup.Manifest.FileEntry;
import obs.core.Json;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Where a Prometheus snapshot's files go in the set: one file each under prometheus/snapshot/ (a plain copy), or
 * one compressed tar named for its compression (prometheus/snapshot.tar.gz, .tar.zst). Either way the blocks'
 * meta.json files are read on the way, for the oldest sample time the counts start from.
 */
abstract sealed class SnapshotSink implements AutoCloseable {
    static final String DIR = "prometheus/snapshot";
    private final Map<String, Long> minTimes = new ConcurrentHashMap<>();

    static SnapshotSink of(SetWriter set, Compression compression) throws IOException {
        return compression == Compression.NONE ? new Plain(set) : new Archive(set, compression);
    }

    /** A file of the snapshot, {@code relative} to the snapshot folder, read from {@code in}. */
    abstract void stream(String relative, long size, InputStream in) throws IOException;

    /** A local file of the snapshot. */
    abstract void copy(Path from, String relative) throws IOException;

    /** The oldest minTime of the blocks seen, or Long.MAX_VALUE when there were none. */
    long minTime() {
        return minTimes.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
    }

    /** The number of blocks seen. */
    int blocks() {
        return minTimes.size();
    }

    void meta(String relative, byte[] json) {
        if (relative.endsWith("/meta.json") && relative.indexOf('/') == relative.lastIndexOf('/')) {
            try {
                minTimes.put(relative, Json.mapper().readTree(json).path("minTime").asLong(Long.MAX_VALUE));
            } catch (RuntimeException e) {
                throw new IllegalStateException("block " + relative + " is not readable JSON", e);
            }
        }
    }

    @Override
    public void close() throws IOException {
    }

    /** One file per snapshot file, with its checksum taken while copying. */
    static final class Plain extends SnapshotSink {
        private final SetWriter set;

        Plain(SetWriter set) throws IOException {
            this.set = set;
            set.dir(DIR);
        }

        @Override
        void stream(String relative, long size, InputStream in) throws IOException {
            if (relative.endsWith("/meta.json")) {
                byte[] bytes = in.readAllBytes();
                meta(relative, bytes);
                in = new java.io.ByteArrayInputStream(bytes);
            }
            set.stream(DIR + "/" + relative, in);
        }

        @Override
        void copy(Path from, String relative) throws IOException {
            if (relative.endsWith("/meta.json")) {
                meta(relative, Files.readAllBytes(from));
            }
            Path to = set.root().resolve(DIR).resolve(relative);
            Files.createDirectories(to.getParent());
            set.add(Checksums.copy(from, to, DIR + "/" + relative));
        }
    }

    /** One compressed tar, checksummed as it is written (commons-compress writes the tar format). */
    static final class Archive extends SnapshotSink {
        private final SetWriter set;
        private final String archive;
        private final FileChannel channel;
        private final MessageDigest digest = Checksums.sha256();
        private final CountingStream counted;
        private final TarArchiveOutputStream tar;

        Archive(SetWriter set, Compression compression) throws IOException {
            this.set = set;
            this.archive = compression.archive();
            Path file = set.root().resolve(archive);
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            counted = new CountingStream(new DigestOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), Checksums.BUFFER), digest));
            tar = new TarArchiveOutputStream(compression.compress(counted));
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        }

        @Override
        synchronized void stream(String relative, long size, InputStream in) throws IOException {
            TarArchiveEntry entry = new TarArchiveEntry(relative);
            entry.setSize(size);
            tar.putArchiveEntry(entry);
            if (relative.endsWith("/meta.json")) {
                byte[] bytes = in.readAllBytes();
                meta(relative, bytes);
                tar.write(bytes);
            } else {
                in.transferTo(tar);
            }
            tar.closeArchiveEntry();
        }

        @Override
        void copy(Path from, String relative) throws IOException {
            try (InputStream in = Files.newInputStream(from)) {
                stream(relative, Files.size(from), in);
            }
        }

        @Override
        public void close() throws IOException {
            tar.finish();
            tar.close();
            set.add(new FileEntry(archive, counted.count, Checksums.hex(digest)));
        }
    }

    /** Counts the bytes that reach the file, so the entry's size needs no second look. */
    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
