package obs.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import obs.kube.EndpointsFile.Entry;

/**
 * A server process the sandbox starts and later stops. It runs in its own session (setsid) so that it
 * outlives the obs command and a Ctrl-C in the terminal, and it is recognised later by its PID plus the
 * start time the OS reports, so a reused PID is never signalled.
 */
final class LocalProcess {
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

    /** The start instant of a live process, as recorded in the endpoints file. */
    static String startedAt(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(Object::toString).orElse(null);
    }

    /** The live process an entry describes, if it is still the same process. */
    static Optional<ProcessHandle> live(Entry entry) {
        if (entry.pid() == null) {
            return Optional.empty();
        }
        return ProcessHandle.of(entry.pid()).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().startInstant().map(Object::toString).orElse("").equals(entry.startedAt()));
    }

    /** SIGTERM, then SIGKILL after the grace period; true when the process is gone. */
    static boolean stop(ProcessHandle handle, Duration grace) {
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            handle.destroyForcibly();
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
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
