package obs.backup;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import obs.kube.Kube;

/**
 * Commands in a container through the API server's exec, for the backup's cluster paths (the snapshot in Prometheus'
 * pod, the restore helper, the verify drill's scratch pod).
 * Equivalent to {@code kubectl exec [-i] POD -c CONTAINER -- COMMAND}.
 */
final class PodExec {
    static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(10);

    /** What a command is given on stdin; exec's stream has no end-of-file, so the command must know where it ends (tar does). */
    interface Stdin {
        void write(OutputStream in) throws IOException;
    }

    /** A command's end: its exit code and what it printed. */
    record Result(int code, String out, String err) {
        String firstErrorLine() {
            String s = err.strip();
            return s.isEmpty() ? "no message" : s.lines().findFirst().orElse(s);
        }
    }

    private PodExec() {
    }

    /** Runs a command that must exit 0; its stdout, or an IOException naming the command and its stderr. */
    static String run(KubernetesClient client, String namespace, String pod, String container, Stdin stdin, String... command)
            throws IOException {
        Result r = result(client, namespace, pod, container, stdin, command);
        if (r.code() != 0) {
            throw new IOException(command[0] + " in pod " + pod + " exited with " + r.code() + ": " + r.firstErrorLine());
        }
        return r.out();
    }

    /** Runs a command and returns how it ended, whatever its exit code; a stream without an exit status is an IOException. */
    static Result result(KubernetesClient client, String namespace, String pod, String container, Stdin stdin, String... command)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var target = client.pods().inNamespace(namespace).withName(pod).inContainer(container);
        try (ExecWatch watch = stdin == null ? target.writingOutput(out).writingError(err).exec(command)
                : target.redirectingInput().writingOutput(out).writingError(err).exec(command)) {
            if (stdin != null) {
                try (OutputStream in = watch.getInput()) {
                    stdin.write(in);
                }
            }
            int code = exitCode(watch, command[0] + " in pod " + pod);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (KubernetesClientException e) {
            throw new IOException("exec into pod " + pod + " failed: " + Kube.reason(e), e);
        }
    }

    /**
     * The command's exit code. The API server reports it on the status channel before it closes the stream; a stream
     * that closes without one (the connection cut, the API server restarted) leaves the outcome unknown, and a backup,
     * restore or verify that cannot tell whether the command finished must not report success.
     */
    static int exitCode(ExecWatch watch, String what) throws IOException {
        Integer code;
        try {
            code = watch.exitCode().get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException(what + " did not end within " + COMMAND_TIMEOUT.toMinutes() + " min");
        } catch (ExecutionException e) {
            String why = e.getCause() == null || e.getCause().getMessage() == null ? "the exec stream broke" : e.getCause().getMessage();
            throw new IOException(what + " did not finish: " + why, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (code == null) {
            throw new IOException(what + " ended without reporting an exit status, so whether it finished is unknown");
        }
        return code;
    }
}
