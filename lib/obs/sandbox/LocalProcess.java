package obs.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import obs.access.EndpointsFile.Entry;

/**
 * A server process the sandbox starts and later stops. It runs in its own session (setsid) so that it
 * outlives the obs command and a Ctrl-C in the terminal, and it is recognised later by its PID, its start
 * time in clock ticks and its executable, so a reused PID is never signalled.
 */
final class LocalProcess {
    /**
     * Entries written before start ticks carry the start instant as text, which Java derives from the boot
     * time the kernel reports in whole seconds; that time has been seen to move by a second.
     */
    static final Duration LEGACY_TOLERANCE = Duration.ofSeconds(2);

    private LocalProcess() {
    }

    static Process start(Path binary, List<String> args, Path workDir, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("setsid");
        command.add(binary.toString());
        command.addAll(args);
        Files.createDirectories(workDir);
        return new ProcessBuilder(command).directory(workDir.toFile())
                .redirectInput(new File("/dev/null"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /**
     * The live process an entry describes, if it is still that process: the same start ticks and the same
     * executable. A server whose binary a package upgrade replaced is still the one obs started
     * ({@link ProcessIdentity#replaced()} says so).
     */
    static Optional<ProcessIdentity> ours(Entry entry) {
        if (entry.pid() == null || entry.binary() == null) {
            return Optional.empty();
        }
        return ProcessIdentity.of(entry.pid()).filter(now -> sameStart(entry, now) && sameExecutable(entry.binary(), now));
    }

    /** When the PID an entry names now belongs to another process: which one; else null. */
    static String stranger(Entry entry) {
        if (entry.pid() == null || ours(entry).isPresent()) {
            return null;
        }
        return ProcessIdentity.of(entry.pid()).map(other -> "PID " + entry.pid() + " is another program now ("
                + other.executable() + "): left alone").orElse(null);
    }

    private static boolean sameStart(Entry entry, ProcessIdentity now) {
        if (entry.startTicks() != null) {
            return entry.startTicks() == now.startTicks();
        }
        if (entry.startedAt() == null) {
            return false;
        }
        try {
            Instant recorded = Instant.parse(entry.startedAt());
            return ProcessHandle.of(now.pid()).flatMap(h -> h.info().startInstant())
                    .map(start -> Duration.between(start, recorded).abs().compareTo(LEGACY_TOLERANCE) <= 0).orElse(false);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** The recorded path is the real one since start ticks; older entries hold the PATH lookup's result. */
    private static boolean sameExecutable(String recorded, ProcessIdentity now) {
        if (now.executable().equals(recorded)) {
            return true;
        }
        try {
            return Path.of(recorded).toRealPath().toString().equals(now.executable());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** SIGTERM, then SIGKILL after the grace period; true when the process is gone. */
    static boolean stop(ProcessHandle handle, Duration grace) {
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            handle.destroyForcibly();
            try {
                handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException stillThere) {
                return !handle.isAlive();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return !handle.isAlive();
        }
    }

    /** The last lines of a log, to explain why a server did not start. */
    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join(" | ", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
