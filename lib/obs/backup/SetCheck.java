package obs.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import obs.backup.Manifest.FileEntry;
import obs.core.FanOut;
import obs.core.ObsException;

/**
 * Every file of a set against its manifest: present, a regular file, the recorded size, the recorded SHA-256, and
 * no file the manifest does not list. Each problem names the file, so a damaged set is refused with its reason.
 */
public final class SetCheck {
    /** Files checked at once: SHA-256 is CPU-bound, and the reference machine has two cores. */
    static final int PARALLEL = 2;

    private SetCheck() {
    }

    /** The problems found, each naming a file relative to the set; empty when the set is intact. */
    public static List<String> problems(Path set, Manifest manifest) {
        List<String> problems = new ArrayList<>(snapshotLayout(manifest));
        Set<String> listed = new HashSet<>();
        List<FileEntry> toHash = new ArrayList<>();
        for (FileEntry e : manifest.files()) {
            Path p = resolve(set, e.path());
            if (p == null || !listed.add(e.path())) {
                problems.add(e.path() + ": not a valid path in the manifest");
            } else if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                problems.add(e.path() + ": missing");
            } else if (!Checksums.isRegularFile(p)) {
                problems.add(e.path() + ": not a regular file");
            } else {
                toHash.add(e);
            }
        }
        List<FanOut.Result<String>> results = FanOut.all(FanOut.Threads.PLATFORM, toHash, PARALLEL, e -> null,
                e -> compare(set, e));
        for (int i = 0; i < results.size(); i++) {
            switch (results.get(i)) {
                case FanOut.Done<String> d when d.value() != null -> problems.add(d.value());
                case FanOut.Done<String> d -> { }
                case FanOut.Failed<String> f -> problems.add(toHash.get(i).path() + ": cannot read: " + f.cause().getMessage());
                case FanOut.TimedOut<String> t -> throw new IllegalStateException("no deadline was set");
            }
        }
        try (Stream<Path> walk = Files.walk(set)) {
            walk.filter(p -> !Files.isDirectory(p)).map(p -> set.relativize(p).toString().replace('\\', '/'))
                    .filter(r -> !r.equals(Manifest.NAME) && !listed.contains(r)).sorted()
                    .forEach(r -> problems.add(r + ": not in the manifest"));
        } catch (IOException e) {
            problems.add(".: cannot list the set: " + e.getMessage());
        }
        return problems;
    }

    /**
     * The snapshot files must be those of the compression the manifest records: a set is never read with another
     * compression than it was written with.
     */
    static List<String> snapshotLayout(Manifest manifest) {
        Compression compression;
        try {
            compression = Compression.of(manifest);
        } catch (ObsException e) {
            return List.of(e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        boolean archived = false;
        for (FileEntry e : manifest.files()) {
            for (Compression other : Compression.values()) {
                if (other.archive() != null && other.archive().equals(e.path())) {
                    if (other == compression) {
                        archived = true;
                    } else {
                        problems.add(e.path() + ": a " + other.word() + " archive, but the manifest says the snapshot is stored as "
                                + compression.word());
                    }
                }
            }
            if (compression != Compression.NONE && e.path().startsWith(SnapshotSink.DIR + "/")) {
                problems.add(e.path() + ": a plain snapshot file, but the manifest says the snapshot is compressed with " + compression.word());
            }
        }
        if (compression != Compression.NONE && manifest.prometheus() != null && !archived) {
            problems.add(compression.archive() + ": missing (the manifest says the snapshot is compressed with " + compression.word() + ")");
        }
        return problems;
    }

    private static String compare(Path set, FileEntry expected) throws IOException {
        Path p = resolve(set, expected.path());
        long size = Files.size(p);
        if (size != expected.size()) {
            return expected.path() + ": " + size + " bytes, the manifest says " + expected.size() + " (truncated or changed)";
        }
        FileEntry actual = Checksums.of(p, expected.path());
        return actual.sha256().equals(expected.sha256()) ? null
                : expected.path() + ": SHA-256 differs from the manifest (the file is corrupt)";
    }

    /** The file a manifest path names, or null when the path would leave the set (absolute, .., empty). */
    static Path resolve(Path set, String relative) {
        if (relative == null || relative.isEmpty() || relative.startsWith("/") || relative.contains("\\")) {
            return null;
        }
        Path p = set.resolve(relative).normalize();
        return p.startsWith(set.normalize()) && !p.equals(set.normalize()) ? p : null;
    }
}
