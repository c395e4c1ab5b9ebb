package obs.backup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import obs.core.ObsException;

/**
 * Pruning old sets of one namespace: {@code --keep N} keeps the N newest, {@code --keep-days D} deletes those that
 * began more than D days ago, and the newest good set (the one this run just completed) is never deleted. Runs
 * under DIR/.obs-backup.lock, so two runs never prune the same folder at once; it also removes the partial folders
 * of runs that died (their lock file is free).
 */
public final class Retention {
    static final String LOCK = ".obs-backup.lock";
    private static final Duration WAIT = Duration.ofMinutes(5);

    private Retention() {
    }

    /** A complete set of this namespace: its folder and when it began. */
    public record SetInfo(Path dir, Instant started) {
    }

    /** The complete sets of {@code namespace} in {@code dir}, newest first (those whose manifest reads). */
    public static List<SetInfo> sets(Path dir, String namespace) throws IOException {
        Pattern name = Pattern.compile(Pattern.quote(namespace) + "-\\d{8}T\\d{6}Z(-\\d+)?");
        List<SetInfo> out = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(p -> name.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p)).toList()) {
                try {
                    Manifest m = Manifest.read(p);
                    out.add(new SetInfo(p, Instant.parse(m.startedAt())));
                } catch (RuntimeException e) {
                    // Not a readable set: never counted as good, never deleted here; verify names what is wrong.
                }
            }
        }
        out.sort(Comparator.comparing(SetInfo::started).reversed().thenComparing(s -> s.dir().getFileName().toString(), Comparator.reverseOrder()));
        return out;
    }

    /**
     * Deletes what the rules say, never {@code newest}.
     *
     * @param keep     sets to keep, at least 1, or null
     * @param keepDays days to keep, or null
     * @return the folders deleted
     */
    public static List<Path> prune(Path dir, String namespace, Integer keep, Integer keepDays, Path newest, Instant now) throws IOException {
        List<Path> deleted = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = await(channel, dir)) {
            removeDeadPartials(dir);
            if (keep == null && keepDays == null) {
                return deleted;
            }
            List<SetInfo> sets = sets(dir, namespace);
            for (int i = 0; i < sets.size(); i++) {
                SetInfo s = sets.get(i);
                if (s.dir().equals(newest)) {
                    continue;
                }
                boolean tooMany = keep != null && i >= keep;
                boolean tooOld = keepDays != null && s.started().isBefore(now.minus(Duration.ofDays(keepDays)));
                if (tooMany || tooOld) {
                    SetWriter.deleteTree(s.dir());
                    deleted.add(s.dir());
                }
            }
        }
        return deleted;
    }

    private static FileLock await(FileChannel channel, Path dir) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException sameJvm) {
                // Another run in this JVM (tests) holds it: wait like for another process.
            }
            if (System.nanoTime() > deadline) {
                throw ObsException.problem("another backup has held " + dir.resolve(LOCK) + " for " + WAIT.toMinutes() + " min; nothing was pruned");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + dir.resolve(LOCK));
            }
        }
    }

    /** Partial folders whose run is gone: their lock file is missing or can be locked. */
    static void removeDeadPartials(Path dir) throws IOException {
        List<Path> partials;
        try (Stream<Path> list = Files.list(dir)) {
            partials = list.filter(p -> p.getFileName().toString().startsWith(".") && p.getFileName().toString().contains(SetWriter.PARTIAL)
                    && !p.getFileName().toString().endsWith(".lock")).toList();
        }
        for (Path p : partials) {
            Path lockFile = p.resolveSibling(p.getFileName() + ".lock");
            if (!Files.exists(lockFile)) {
                SetWriter.deleteTree(p);
                continue;
            }
            try (FileChannel c = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                FileLock l = c.tryLock();
                if (l != null) {
                    SetWriter.deleteTree(p);
                    l.release();
                    Files.deleteIfExists(lockFile);
                }
            } catch (OverlappingFileLockException running) {
                // A run in this JVM is still writing it.
            }
        }
    }
}
