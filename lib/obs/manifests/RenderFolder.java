package obs.manifests;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import obs.core.Exit;
import obs.core.ObsException;

/**
 * The folder {@code install --dry-run --output-dir} writes, for {@code kubectl apply -f}. The whole set is written to
 * a new folder beside it and renamed into place, so a full disk or Ctrl-C never leaves a truncated file that kubectl
 * would apply, and files of an earlier, wider render never stay behind. A marker file says obs wrote the folder:
 * only such a folder (or an empty one) is replaced, so a folder of the user's own files is never deleted.
 */
final class RenderFolder {
    /** Without a .yaml, .yml or .json extension, so that {@code kubectl apply -f DIR} skips it. */
    static final String MARKER = ".obs-render";
    private static final String MARKER_TEXT = "Written by obs install --dry-run --output-dir; the next render replaces this folder as a whole.\n";

    private RenderFolder() {
    }

    /** Writes {@code files} (name to content) as the only files of {@code dir}; returns their paths there. */
    static List<Path> write(Path dir, Map<String, String> files) {
        Path target = target(dir);
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = beside(target, "new");
            for (var e : files.entrySet()) {
                Files.writeString(tmp.resolve(e.getKey()), e.getValue(), StandardOpenOption.CREATE_NEW, StandardOpenOption.SYNC);
            }
            Files.writeString(tmp.resolve(MARKER), MARKER_TEXT, StandardOpenOption.CREATE_NEW, StandardOpenOption.SYNC);
            replace(tmp, target);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new ObsException(Exit.PROBLEM, "cannot write the render to " + dir + ": " + reason(e) + " (nothing was changed there)", e);
        }
        List<Path> written = new ArrayList<>();
        files.keySet().forEach(name -> written.add(dir.resolve(name)));
        return written;
    }

    /** The real folder to replace: a link is followed, so the link stays and its folder is replaced. */
    private static Path target(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        try {
            if (Files.isSymbolicLink(abs)) {
                abs = abs.toRealPath();
            }
        } catch (IOException e) {
            throw ObsException.usage(dir + ": cannot follow the link: " + reason(e));
        }
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
                throw ObsException.usage(dir + ": not a folder");
            }
            if (!isEmpty(abs) && !Files.isRegularFile(abs.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
                throw ObsException.usage(dir + ": not empty and not written by obs (no " + MARKER + " file): give an empty or new folder");
            }
        }
        return abs;
    }

    /**
     * Moves the new folder into place. rename(2) replaces a missing or empty folder atomically; an earlier render is
     * first renamed aside and deleted after, so the only moment without the folder is between two renames.
     */
    private static void replace(Path fresh, Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS) || isEmpty(target)) {
            Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Path old = beside(target, "old");
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        try {
            Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            throw e;
        }
        deleteQuietly(old);
    }

    /**
     * A new hidden folder next to {@code target}, on the same file system so renames are atomic. Not
     * Files.createTempDirectory: its mode 0700 would become the render folder's, where the umask's is expected.
     */
    private static Path beside(Path target, String role) throws IOException {
        String name = "." + target.getFileName() + ".obs-" + role + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        return Files.createDirectory(target.resolveSibling(name));
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw ObsException.usage(dir + ": cannot list: " + reason(e));
        }
    }

    private static String reason(IOException e) {
        return e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : String.valueOf(e.getMessage());
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Best effort: what can be left is a hidden folder named after the render, never the render itself.
        }
    }
}
