package obs.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import obs.core.ObsException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The configuration files of the sandbox's servers. Alert rules and blackbox modules are the very files
 * the manifests deploy (manifests/prometheus/rules, manifests/blackbox-exporter/blackbox.yml); only what
 * differs on a single host (static targets instead of Kubernetes discovery, no notification secrets) is
 * generated here, as data rather than text.
 */
final class LocalConfigs {
    /** Short intervals so that tests and a first look see data within seconds. */
    static final String INTERVAL = "2s";

    private LocalConfigs() {
    }

    static Path prometheus(Path configDir, Path repo, Map<String, Integer> ports) throws IOException {
        Path rules = configDir.resolve("rules");
        copyRules(repo.resolve("manifests/prometheus/rules"), rules);
        Map<String, Object> global = new LinkedHashMap<>();
        global.put("scrape_interval", INTERVAL);
        global.put("evaluation_interval", INTERVAL);
        global.put("external_labels", Map.of("cluster", "sandbox"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("global", global);
        if (ports.containsKey("alertmanager")) {
            config.put("alerting", Map.of("alertmanagers",
                    List.of(Map.of("static_configs", List.of(Map.of("targets", List.of(target(ports.get("alertmanager")))))))));
        }
        config.put("rule_files", List.of(rules + "/*.yml", rules + "/*.yaml"));
        List<Map<String, Object>> jobs = new ArrayList<>();
        // Jobs in name order: the same servers give the same file, so a reload happens only when they change.
        new TreeMap<>(ports).forEach((name, port) -> {
            Map<String, Object> job = new LinkedHashMap<>();
            job.put("job_name", name);
            // Pushed metrics keep the job and instance labels the pusher gave them.
            if (name.equals("pushgateway")) {
                job.put("honor_labels", true);
            }
            job.put("static_configs", List.of(Map.of("targets", List.of(target(port)))));
            jobs.add(job);
        });
        config.put("scrape_configs", jobs);
        return write(configDir.resolve("prometheus.yml"), config);
    }

    static Path alertmanager(Path configDir) {
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("receiver", "default");
        route.put("group_wait", "1s");
        route.put("group_interval", INTERVAL);
        return write(configDir.resolve("alertmanager.yml"), Map.of("route", route,
                "receivers", List.of(Map.of("name", "default"))));
    }

    static Path blackbox(Path configDir, Path repo) throws IOException {
        Path source = repo.resolve("manifests/blackbox-exporter/blackbox.yml");
        if (!Files.isRegularFile(source)) {
            throw ObsException.internal(source + " is missing: the sandbox runs the deployed blackbox modules", null);
        }
        Path target = configDir.resolve("blackbox.yml");
        StateFiles.write(target, Files.readString(source));
        return target;
    }

    static Path smokeping(Path configDir) {
        return write(configDir.resolve("smokeping.yml"), Map.of("targets",
                List.of(Map.of("hosts", List.of("127.0.0.1"), "interval", "1s", "protocol", "icmp"))));
    }

    /** Targets of the sandbox's probe exporter: the loopback path and ICMP, like the mtr-analyzer's in-cluster pairs. */
    static Path probeTargets(Path configDir) {
        Map<String, Object> labels = Map.of("destination", "loopback");
        return write(configDir.resolve("targets.yaml"), Map.of("interval", "15s", "targets", List.of(
                Map.of("target", "path://127.0.0.1", "packets", 3, "labels", labels),
                Map.of("target", "icmp://127.0.0.1", "packets", 3, "labels", labels))));
    }

    static String target(int port) {
        return "127.0.0.1:" + port;
    }

    private static void copyRules(Path from, Path to) throws IOException {
        StateFiles.createDirectories(to);
        if (!Files.isDirectory(from)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(from, "*.{yml,yaml}")) {
            for (Path f : files) {
                StateFiles.write(to.resolve(f.getFileName()), Files.readString(f));
            }
        }
    }

    private static Path write(Path file, Object data) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        StateFiles.write(file, new Yaml(options).dump(data));
        return file;
    }
}
