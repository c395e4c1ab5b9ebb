package obs.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import obs.exec.Tools;
import obs.manifests.Rendered;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The configuration files the installer rewrites pass the real validators from Debian's packages. */
class RenderedConfigValidatorsTest {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    static Path tool(String name) {
        var path = Tools.find(name);
        Assumptions.assumeTrue(path.isPresent(), name + " is not installed");
        return path.get();
    }

    static Rendered lab() {
        return Rendering.render("calo-lab", "scrapeIntervals.network=15s", "alerting.webhookUrl=https://hooks.lab.example/obs",
                "alerting.emailTo=oncall@lab.example", "alerting.emailFrom=obs@lab.example", "alerting.smtpSmarthost=smtp.lab.example:587",
                "alerting.smtpUsername=obs", "alerting.slackChannels.critical=#lab-critical", "alerting.slackChannels.cxtm=#cxtm");
    }

    /**
     * Debian's promtool has no Kubernetes service discovery, so kubernetes_sd_configs become file_sd_configs and
     * the in-cluster credential paths temporary files; relabelling, intervals, timeouts and the probe groups the
     * installer wrote are checked as rendered.
     */
    @Test
    void promtoolAcceptsTheRenderedPrometheusConfiguration(@TempDir Path tmp) throws Exception {
        Path promtool = tool("promtool");
        Map<String, Object> config = new Yaml().load(Rendering.file(lab(), "prometheus-config", "prometheus.yml"));
        Path targets = Files.writeString(tmp.resolve("targets.json"), "[]");
        Path credential = Files.writeString(tmp.resolve("credential"), "x");
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        Files.writeString(rules.resolve("none.yml"), "groups: []\n");
        config.put("rule_files", List.of(rules + "/*.yml"));
        Path file = tmp.resolve("prometheus.yml");
        Files.writeString(file, new Yaml().dump(offline(config, targets, credential)));
        Tools.Result r = Tools.run(TIMEOUT, "prometheus", List.of(promtool.toString(), "check", "config", file.toString()));
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
    }

    @Test
    void amtoolAcceptsTheRenderedAlertmanagerConfigurationConfiguredAndBare(@TempDir Path tmp) throws Exception {
        Path amtool = tool("amtool");
        for (Rendered r : List.of(lab(), Rendering.render("default"))) {
            Path file = Files.writeString(tmp.resolve("alertmanager.yml"), Rendering.file(r, "alertmanager-config", "alertmanager.yml"));
            Tools.Result result = Tools.run(TIMEOUT, "prometheus-alertmanager", List.of(amtool.toString(), "check-config", file.toString()));
            assertEquals(0, result.exit(), result.stdout() + result.stderr());
            assertTrue(result.stdout().contains("SUCCESS"), result.stdout());
        }
    }

    @SuppressWarnings("unchecked")
    private static Object offline(Object node, Path targets, Path credential) {
        if (node instanceof Map<?, ?> raw) {
            Map<String, Object> m = (Map<String, Object>) raw;
            if (m.remove("kubernetes_sd_configs") != null) {
                List<Object> fileSd = new ArrayList<>((List<Object>) m.getOrDefault("file_sd_configs", List.of()));
                fileSd.add(new HashMap<>(Map.of("files", List.of(targets.toString()))));
                m.put("file_sd_configs", fileSd);
            }
            m.replaceAll((k, v) -> k.equals("ca_file") || k.equals("credentials_file") ? credential.toString() : offline(v, targets, credential));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> offline(v, targets, credential));
        }
        return node;
    }
}
