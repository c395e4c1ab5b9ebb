package obs.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A server from a Debian package run for a test on loopback, stopped (by its own PID) when closed. */
public final class Daemon implements AutoCloseable {
    private final Process process;
    private final Path log;

    private Daemon(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code cmd} and waits until {@code ready} answers 200. */
    public static Daemon start(List<String> cmd, Path log, URI ready) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Daemon d = new Daemon(p, log);
        HttpClient client = HttpClient.newHttpClient();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            if (!p.isAlive()) {
                throw new IOException(cmd.get(0) + " exited with " + p.exitValue() + ": " + Files.readString(log));
            }
            try {
                if (client.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return d;
                }
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        d.close();
        throw new IOException(cmd.get(0) + " was not ready at " + ready + ": " + Files.readString(log));
    }

    /** A loopback port nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** CPU time the process has used so far (user and system). */
    public java.time.Duration cpu() {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time for " + process.pid()));
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
