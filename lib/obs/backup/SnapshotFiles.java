package obs.backup;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** A set's Prometheus snapshot laid out as a data folder again (from the plain copy or the .tar.gz). */
final class SnapshotFiles {
    private SnapshotFiles() {
    }

    static boolean present(Path set) {
        return Files.isDirectory(set.resolve(SnapshotSink.DIR)) || Files.isRegularFile(set.resolve(SnapshotSink.ARCHIVE));
    }

    /** Copies the snapshot into {@code data} (created; must not exist or be empty). */
    static void materialize(Path set, Path data) throws IOException {
        Files.createDirectories(data);
        Path archive = set.resolve(SnapshotSink.ARCHIVE);
        if (Files.isRegularFile(archive)) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), Checksums.BUFFER);
                 TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    Path to = SetCheck.resolve(data, e.getName());
                    if (to == null) {
                        throw new IOException(SnapshotSink.ARCHIVE + " holds a path outside the snapshot: " + e.getName());
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(to);
                    } else if (e.isFile()) {
                        Files.createDirectories(to.getParent());
                        Files.copy(tar, to);
                    }
                }
            }
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
}
