package obs.sandbox;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import obs.core.ObsException;
import obs.exec.Tools;
import obs.http.PlainHttp;
import obs.stack.Stack;

/**
 * A throwaway Prometheus from the Debian package on a given data folder (a copy of a backup's snapshot), on a free
 * loopback port with an empty scrape configuration, started and stopped with the sandbox's process code. Retention
 * is set far out: the default 15 days would delete an older backup's blocks at start, and the restored data would
 * look missing.
 */
public final class ScratchPrometheus implements AutoCloseable {
    private final Process process;
    private final URI url;
    /** A Ctrl-C during a drill stops the scratch server too: it runs in its own session and would outlive the JVM. */
    private final Thread onExit;

    private ScratchPrometheus(Process process, URI url) {
        this.process = process;
        this.url = url;
        this.onExit = new Thread(() -> LocalProcess.stop(process.toHandle(), Duration.ofSeconds(5)));
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    /** Starts it on {@code data}, with its config and log in {@code work}; waits until ready. */
    public static ScratchPrometheus start(Path data, Path work) throws IOException, InterruptedException {
        var local = Stack.get("prometheus").local();
        Path binary = Tools.find(local.binary()).orElseThrow(() -> Tools.missing(local.binary(), local.debianPackage()));
        Files.createDirectories(work);
        Path config = work.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1h\nscrape_configs: []\n");
        Path log = work.resolve("prometheus.log");
        for (int attempt = 0; ; attempt++) {
            int port = Ports.free(19390 + attempt * 7, Set.of());
            Process p = LocalProcess.start(binary, List.of("--config.file=" + config, "--storage.tsdb.path=" + data,
                    "--storage.tsdb.retention.time=100y", "--web.listen-address=127.0.0.1:" + port), work, log);
            URI url = URI.create("http://127.0.0.1:" + port);
            if (awaitReady(p, url)) {
                return new ScratchPrometheus(p, url);
            }
            LocalProcess.stop(p.toHandle(), Duration.ofSeconds(5));
            if (attempt == 2 || !LocalProcess.tail(log, 3).contains("address already in use")) {
                throw ObsException.problem("the scratch Prometheus did not start on " + data + ": " + LocalProcess.tail(log, 3));
            }
        }
    }

    private static boolean awaitReady(Process p, URI url) throws InterruptedException {
        long deadline = System.nanoTime() + LocalStack.READY_TIMEOUT.toNanos() * 4;
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                if (PlainHttp.get(URI.create(url + "/-/ready"), Duration.ofSeconds(2)).status() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // Still opening the TSDB.
            }
            Thread.sleep(50);
        }
        return false;
    }

    public URI url() {
        return url;
    }

    @Override
    public void close() {
        LocalProcess.stop(process.toHandle(), Duration.ofSeconds(10));
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs anyway and finds the process gone.
        }
    }
}
