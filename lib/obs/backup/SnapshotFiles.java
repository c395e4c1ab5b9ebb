package obs.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A set's Prometheus snapshot laid out as a data folder again, from the plain copy or the archive of the compression
 * the manifest records (never from a file of another compression).
 */
final class SnapshotFiles {
    private SnapshotFiles() {
    }

    static boolean present(Path set, Compression compression) {
        return compression == Compression.NONE ? Files.isDirectory(set.resolve(SnapshotSink.DIR))
                : Files.isRegularFile(set.resolve(compression.archive()));
    }

    /** Copies the snapshot into {@code data} (created; must not exist or be empty). */
    static void materialize(Path set, Compression compression, Path data) throws IOException {
        Files.createDirectories(data);
        if (compression != Compression.NONE) {
            unpack(set, compression, data);
            return;
        }
        Path dir = set.resolve(SnapshotSink.DIR);
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted().toList()) {
                Path to = data.resolve(dir.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
    }

    private static void unpack(Path set, Compression compression, Path data) throws IOException {
        String archive = compression.archive();
        try (InputStream in = compression.open(set); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                Path to = SetCheck.resolve(data, e.getName());
                if (to == null) {
                    throw new IOException(archive + " holds a path outside the snapshot: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else if (e.isFile()) {
                    Files.createDirectories(to.getParent());
                    Files.copy(tar, to);
                }
            }
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(archive) ? e
                    : new IOException(archive + " cannot be unpacked: " + BackupFailure.reason(e), e);
        } catch (RuntimeException e) {
            throw new IOException(archive + " cannot be unpacked: " + (e.getMessage() == null ? "not a readable tar" : e.getMessage()), e);
        }
    }
}
