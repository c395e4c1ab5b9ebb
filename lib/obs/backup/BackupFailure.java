package obs.backup;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import obs.core.Exit;
import obs.core.ObsException;

/** A backup, verify or restore that ran and failed: exit 1 with one line saying what and why. */
final class BackupFailure {
    private BackupFailure() {
    }

    static ObsException io(String what, IOException e) {
        return new ObsException(Exit.PROBLEM, what + ": " + reason(e), e);
    }

    /** The operating system's words (No space left on device, Read-only file system), not a class name. */
    static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason() + (fs.getFile() != null && !(e instanceof AccessDeniedException) ? " (" + fs.getFile() + ")" : "");
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file " + n.getFile();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "input/output error" : m.lines().findFirst().orElse(m);
    }
}
