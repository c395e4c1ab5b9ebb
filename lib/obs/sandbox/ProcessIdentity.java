package obs.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a PID is right now, as the kernel reports it: its start time in clock ticks after boot (field 22
 * of /proc/PID/stat) and its executable (/proc/PID/exe). Neither moves when the reported boot time shifts,
 * which a formatted start instant does; together they tell a reused PID apart. ProcessHandle.Info offers
 * only the derived instant, hence the direct read.
 *
 * @param executable the executable's path, without the kernel's " (deleted)" mark
 * @param replaced   the executable file was deleted or replaced since the process started, as a package
 *                   upgrade does under a running server
 */
record ProcessIdentity(long pid, long startTicks, String executable, boolean replaced) {
    private static final String DELETED = " (deleted)";

    /** The process with this PID, if there is one whose executable we may read (ours or root's view). */
    static Optional<ProcessIdentity> of(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            long ticks = startTicks(Files.readString(proc.resolve("stat")));
            String exe = Files.readSymbolicLink(proc.resolve("exe")).toString();
            boolean replaced = exe.endsWith(DELETED);
            return Optional.of(new ProcessIdentity(pid, ticks,
                    replaced ? exe.substring(0, exe.length() - DELETED.length()) : exe, replaced));
        } catch (IOException | RuntimeException gone) {
            // No such PID, a zombie (no exe link), or another user's process: none of them is ours.
            return Optional.empty();
        }
    }

    /** The start ticks alone, readable even before the process has exec'd its real program. */
    static OptionalLong startTicks(long pid) {
        try {
            return OptionalLong.of(startTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
        } catch (IOException | RuntimeException gone) {
            return OptionalLong.empty();
        }
    }

    /**
     * Field 22 (starttime) of a /proc/PID/stat line. Field 2 is the command name in parentheses and may
     * itself hold spaces and parentheses, so the count starts after the last ')'.
     */
    static long startTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(fields[22 - 3]);
    }
}
