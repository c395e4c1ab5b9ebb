package obs.exec;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import obs.core.Exit;
import obs.core.ObsException;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.ProcessResult;

/** External tools (fping, mtr, promtool, amtool, apt-get) run through zt-exec, always with a timeout. */
public final class Tools {
    /** What a finished tool printed and returned. */
    public record Result(int exit, String stdout, String stderr) {
    }

    private Tools() {
    }

    /**
     * Runs a command and waits at most {@code timeout}. A missing binary becomes a one-line error naming
     * the Debian package that provides it; a timeout kills the process and says how long it ran.
     */
    public static Result run(Duration timeout, String debianPackage, List<String> command) {
        String binary = command.get(0);
        if (find(binary).isEmpty()) {
            throw missing(binary, debianPackage);
        }
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try {
            ProcessResult r = new ProcessExecutor().command(command).readOutput(true).redirectError(stderr)
                    .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).destroyOnExit().execute();
            return new Result(r.getExitValue(), r.outputUTF8(), stderr.toString(StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            throw new ObsException(Exit.PROBLEM, binary + " did not finish within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new ObsException(Exit.INTERNAL, "could not run " + binary + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ObsException(Exit.INTERNAL, "interrupted while running " + binary, e);
        }
    }

    /** The error for a tool that is not installed, naming its package. */
    public static ObsException missing(String binary, String debianPackage) {
        return new ObsException(Exit.UNREACHABLE, binary + " is not installed: install the Debian package '"
                + debianPackage + "' (apt-get install -y " + debianPackage + ")", null);
    }

    /** Looks a binary up on PATH plus the sbin folders, which a non-login root shell may lack. */
    public static Optional<Path> find(String binary) {
        if (binary.contains("/")) {
            Path p = Path.of(binary);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/sbin:/usr/local/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
