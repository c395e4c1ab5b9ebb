package obs.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import obs.exec.ThisJvm;
import obs.stack.Component;

/** The command line of each server the sandbox can run, on loopback with its own data folder. */
final class Launch {
    private Launch() {
    }

    /**
     * Arguments for a component's Debian binary.
     *
     * @param ports every sandbox component's port, for the servers that talk to the others
     */
    static List<String> args(Component c, Path configDir, Path dataDir, Path repo, Map<String, Integer> ports)
            throws IOException {
        String listen = "--web.listen-address=" + LocalConfigs.target(ports.get(c.name()));
        return switch (c.name()) {
            case "prometheus" -> List.of("--config.file=" + LocalConfigs.prometheus(configDir, repo, ports),
                    "--storage.tsdb.path=" + dataDir, "--storage.tsdb.use-lockfile", listen,
                    "--web.enable-admin-api", "--web.enable-lifecycle", "--web.enable-remote-write-receiver",
                    // The first notification is dropped until the notifier finds Alertmanager; resend quickly.
                    "--rules.alert.resend-delay=2s");
            case "alertmanager" -> List.of("--config.file=" + LocalConfigs.alertmanager(configDir),
                    "--storage.path=" + dataDir, listen, "--cluster.listen-address=");
            case "node-exporter" -> List.of(listen, "--collector.textfile.directory=" + dataDir);
            case "pushgateway" -> List.of(listen, "--persistence.file=" + dataDir.resolve("pushgateway.data"),
                    "--persistence.interval=5s", "--web.enable-admin-api", "--web.enable-lifecycle");
            case "blackbox-exporter" -> List.of("--config.file=" + LocalConfigs.blackbox(configDir, repo), listen);
            case "smokeping" -> List.of("--config.file=" + LocalConfigs.smokeping(configDir), listen, "--privileged");
            // Our own exporter, on the JVM and class path this command runs with (JBang's, the toolkit jar's,
            // or the test build's), so the sandbox needs nothing that obs itself does not already have.
            case "mtr-analyzer" -> Stream.of(ThisJvm.arguments(), List.of(
                    "obs.probe.serve.ServeCommand", "-f", LocalConfigs.probeTargets(configDir).toString(),
                    "--config-file", repo.resolve("manifests/blackbox-exporter/blackbox.yml").toString(),
                    "--listen", LocalConfigs.target(ports.get(c.name())), "-q")).flatMap(List::stream).toList();
            default -> throw new IllegalArgumentException(c.name() + " cannot run in the sandbox");
        };
    }
}
