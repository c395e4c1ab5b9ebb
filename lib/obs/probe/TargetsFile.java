package obs.probe;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import obs.core.ObsException;
import obs.probe.config.Modules;
import obs.yaml.YamlNodes;
import obs.yaml.YamlRecords;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A targets file: what to probe, with which module, labelled how, and (for {@code probe serve}) how often.
 * <pre>
 * interval: 30s            # default for every target
 * labels: {site: calo}     # added to every target
 * targets:
 *   - target: https://grafana.example.org/
 *     module: http_2xx     # optional when the scheme implies it
 *     labels: {service: grafana}
 *     interval: 1m
 *     packets: 5           # pings or mtr cycles per run (icmp and path)
 * </pre>
 */
public record TargetsFile(Duration interval, Map<String, String> labels, List<Entry> targets) {
    /** Labels the exporter sets itself. */
    private static final Set<String> RESERVED = Set.of("target", "module", "hop", "hop_ip", "stat", "phase", "job", "instance");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

    /** One target line of the file. */
    public record Entry(String target, String module, Map<String, String> labels, Duration interval, Integer packets) {
        public Entry {
            if (target == null || target.isBlank()) {
                throw new IllegalArgumentException("a target entry needs 'target'");
            }
            if (packets != null && (packets < 1 || packets > 1000)) {
                throw new IllegalArgumentException("packets must be between 1 and 1000");
            }
            checkInterval(interval);
            checkLabels(labels);
        }
    }

    public TargetsFile {
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("no targets: add a 'targets:' list");
        }
        checkInterval(interval);
        checkLabels(labels);
    }

    /**
     * A target of the file, ready to probe, with its schedule.
     *
     * @param position where the entry is: file:line:col, "file targets[i]", or "argument N" on the command line
     */
    public record Scheduled(Target target, Duration interval, String position) {
    }

    public static TargetsFile load(Path file) {
        return YamlRecords.load(file, TargetsFile.class);
    }

    /** Loads and resolves a file, each target with the file:line:col of its entry. */
    public static List<Scheduled> resolve(Path file, Modules modules) {
        String source = file.toString();
        String text = YamlRecords.text(file);
        return YamlRecords.read(source, text, TargetsFile.class).resolve(source, modules, positions(source, text));
    }

    /** Resolves every entry against the modules; errors name the file and the entry. */
    public List<Scheduled> resolve(String source, Modules modules) {
        return resolve(source, modules, List.of());
    }

    private List<Scheduled> resolve(String source, Modules modules, List<String> positions) {
        TargetParser parser = new TargetParser(modules);
        List<Scheduled> out = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Entry e = targets.get(i);
            Map<String, String> all = new LinkedHashMap<>(labels == null ? Map.of() : labels);
            if (e.labels() != null) {
                all.putAll(e.labels());
            }
            String entry = "targets[" + i + "]";
            String position = i < positions.size() ? positions.get(i) : source + " " + entry;
            Target t;
            try {
                t = parser.parse(e.target(), e.module(), all);
            } catch (ObsException ex) {
                throw ObsException.usage((i < positions.size() ? position : source) + ": " + entry + " ("
                        + TargetParser.redact(e.target()) + "): " + ex.getMessage());
            }
            if (e.packets() != null) {
                t = new Target(t.name(), t.module(), t.host(), t.port(), t.url(), t.labels(), e.packets());
            }
            Duration every = e.interval() != null ? e.interval() : interval != null ? interval : DEFAULT_INTERVAL;
            out.add(new Scheduled(t, every, position));
        }
        return out;
    }

    /** file:line:col of each entry of the {@code targets} list, in order. */
    private static List<String> positions(String source, String text) {
        List<String> out = new ArrayList<>();
        Node root = YamlNodes.compose(source, text);
        if (root instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("targets")
                        && t.getValueNode() instanceof SequenceNode list) {
                    list.getValue().forEach(item -> out.add(YamlNodes.position(source, item.getStartMark())));
                }
            }
        }
        return out;
    }

    private static void checkInterval(Duration interval) {
        if (interval != null && interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("interval must be at least 1s");
        }
    }

    private static void checkLabels(Map<String, String> labels) {
        if (labels == null) {
            return;
        }
        for (String name : labels.keySet()) {
            if (!LABEL.matcher(name).matches() || name.startsWith("__")) {
                throw new IllegalArgumentException("'" + name + "' is not a valid label name");
            }
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("label '" + name + "' is set by obs itself; choose another name");
            }
        }
    }
}
