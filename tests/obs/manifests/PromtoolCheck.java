package obs.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import obs.manifests.Dashboards.Query;

/**
 * Dashboard PromQL checked by the real promtool: each expression, with Grafana's variables replaced, becomes a
 * recording rule of a temporary rule file, and promtool's complaints are mapped back to the panel they came from.
 */
final class PromtoolCheck {
    private static final String PREFIX = "obs_dashboard_query_";
    private static final Pattern RULE = Pattern.compile("\"" + PREFIX + "(\\d+)\": (?:could not parse expression: )?(.*)");

    private PromtoolCheck() {
    }

    /** One line per expression promtool rejects: where it is and promtool's reason. Skips the test without promtool. */
    static List<String> problems(List<Query> queries, Path tmp) {
        Optional<Path> promtool = Manifests.which("promtool");
        Assumptions.assumeTrue(promtool.isPresent(), "promtool is not installed (Debian package prometheus)");
        List<Map<String, Object>> rules = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("record", PREFIX + i);
            rule.put("expr", PromQl.substitute(queries.get(i).text()));
            rules.add(rule);
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(1_000_000);
        Path file = tmp.resolve("dashboard-queries.yml");
        try {
            Files.writeString(file, new Yaml(options).dump(Map.of("groups", List.of(Map.of("name", "dashboards", "rules", rules)))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Manifests.Result r = Manifests.run(tmp, 60, promtool.get().toString(), "check", "rules", file.toString());
        List<String> out = new ArrayList<>();
        for (String line : r.output().split("\n")) {
            Matcher m = RULE.matcher(line);
            if (m.find()) {
                out.add(queries.get(Integer.parseInt(m.group(1))).origin() + ": " + m.group(2));
            }
        }
        if (r.exit() != 0 && out.isEmpty()) {
            out.add("promtool check rules failed: " + r.output());
        }
        return out;
    }
}
