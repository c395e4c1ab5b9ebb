package obs.probe.serve;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import obs.cli.Console;
import obs.cli.OutputOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A targets file swapped for something that is not a file (as a ConfigMap swaps its link) keeps the old targets. */
class ReloadBadFileTest {
    @Test
    void targetsFileThatBecameDevZeroKeepsTheOldConfig(@TempDir Path dir) throws Exception {
        Path targets = dir.resolve("targets.yaml");
        Files.writeString(targets, "interval: 1h\ntargets:\n  - target: tcp://127.0.0.1:1\n  - target: tcp://127.0.0.1:2\n");
        StringWriter err = new StringWriter();
        Console console = new Console(new PrintWriter(new StringWriter()), new PrintWriter(err), new OutputOptions(), false, null);
        try (Exporter exporter = Exporter.start(new Exporter.Settings(targets, Path.of("tests/resources/probe/modules.yml"),
                new InetSocketAddress("127.0.0.1", 0), 4, Duration.ofMillis(200), "fping", "mtr"), console)) {
            String url = "http://127.0.0.1:" + exporter.port() + "/metrics";
            ExporterTest.await(url, m -> m.contains("obs_probe_targets 2.0"));
            Files.delete(targets);
            Files.createSymbolicLink(targets, Path.of("/dev/zero"));
            String bad = ExporterTest.await(url, m -> m.contains("obs_probe_config_last_reload_successful 0.0"));
            assertTrue(bad.contains("obs_probe_targets 2.0"), bad);
            assertTrue(err.toString().contains("[obs] warning: reload failed, still probing the previous targets: "
                    + targets + ": not a regular file\n"), err.toString());
        }
    }
}
