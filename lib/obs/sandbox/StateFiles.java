package obs.sandbox;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import obs.core.Exit;
import obs.core.ObsException;

/**
 * Writes in the sandbox's state folder: whole or not at all (temp file, then rename), and a failure (read-only
 * file system, full disk) is a problem found, exit 1, naming the file and the reason.
 */
final class StateFiles {
    private StateFiles() {
    }

    /** Replaces {@code file} with {@code text}; nothing of a failed write is left behind. */
    static void write(Path file, String text) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            createDirectories(file.getParent());
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw cannotWrite(file, e);
        }
    }

    /** As {@link #write}, readable by the owner only (a file holding a password). */
    static void writePrivate(Path file, String text) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            createDirectories(file.getParent());
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw cannotWrite(file, e);
        }
        write(file, text);
    }

    static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw cannotWrite(dir, e);
        }
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw ObsException.problem("cannot remove " + file + ": " + reason(e));
        }
    }

    static ObsException cannotWrite(Path file, IOException e) {
        return new ObsException(Exit.PROBLEM, "cannot write " + file + ": " + reason(e), e);
    }

    /** The operating system's reason, without the paths and class names Java wraps it in. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage();
    }
}
