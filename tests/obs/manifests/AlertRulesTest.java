package obs.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The alert-rule library: every alert has a severity, a summary, a description and the runbook_url of its page
 * (that the page exists and has its shape is obs.runbook.RunbookPagesTest's), the promised alerts exist, and every
 * alert has a promtool case that fires it and one that keeps it quiet, in the test file of its rule file
 * (tests/obs/manifests/promtool/&lt;rules&gt;-test.yml), run here by the real promtool.
 */
class AlertRulesTest {

    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info", "none");

    /** Alerts the issue asks for by topic; each one is routed, tested or documented elsewhere by name. */
    private static final Set<String> REQUIRED = Set.of(
            "Watchdog", "TargetDown", "NodeDown", "NodeHighCPU", "NodeHighMemory", "NodeDiskSpaceLow",
            "KubePodCrashLooping", "ProbeFailed", "TLSCertificateExpiringSoon", "DNSProbeFailed",
            "SmokepingHighLatency", "SmokepingPacketLoss", "MtrHighLatency", "MtrHighPacketLoss",
            "MtrTargetUnreachable", "MtrPathChanged", "LokiLogErrorSpike", "AlertmanagerNotificationsFailing",
            "PrometheusNotIngestingSamples", "PrometheusMissedRuleEvaluations", "PrometheusNotificationQueueFull",
            "PrometheusWALCorruption", "PrometheusKubernetesListWatchFailing", "PrometheusOutOfOrderSamples",
            "PrometheusStorageLimitReached", "AlertmanagerMembersMissing", "GrafanaRequestsFailing",
            "LokiRequestErrors", "LokiIngestionRateLimited", "TempoIngestionFailing", "TempoCompactionsFailing",
            "LogAgentNotShipping", "KubeStateMetricsWatchErrors", "BackupStale", "BackupFailed", "DiscoveryNotSyncing",
            "ServiceHighErrorRate", "ServiceHighLatency", "CxtafServiceDown", "CxtmServiceDown", "MariaDBDown",
            "MariaDBReplicationStopped", "RedisDown", "RedisMemoryHigh", "RedisReplicaLinkDown");

    record Alert(Path file, String group, Map<String, Object> rule) {
        String name() {
            return String.valueOf(rule.get("alert"));
        }

        String where() {
            return Manifests.rel(file) + " group " + group + " alert " + name();
        }
    }

    static List<Path> ruleFiles() throws IOException {
        try (Stream<Path> s = Files.list(Manifests.folder("prometheus").resolve("rules"))) {
            return s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    static Path promtoolFolder() {
        return Manifests.root().resolve("tests/obs/manifests/promtool");
    }

    /** Every promtool test file; discovered, so that a new rule file brings its own test file and nothing else. */
    static List<Path> testFiles() throws IOException {
        try (Stream<Path> s = Files.list(promtoolFolder())) {
            return s.filter(p -> p.getFileName().toString().endsWith("-test.yml")).sorted().toList();
        }
    }

    static List<Alert> alerts() throws IOException {
        List<Alert> out = new ArrayList<>();
        for (Path file : ruleFiles()) {
            for (Object g : Manifests.list(Manifests.loadMap(file).get("groups"), Manifests.rel(file))) {
                Map<String, Object> group = Manifests.map(g, Manifests.rel(file) + " group");
                for (Object r : Manifests.list(group.get("rules"), "rules of " + group.get("name"))) {
                    Map<String, Object> rule = Manifests.map(r, "rule");
                    if (rule.containsKey("alert")) {
                        out.add(new Alert(file, String.valueOf(group.get("name")), rule));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void everyAlertHasSeverityRunbookSummaryAndDescription() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Alert> alerts = alerts();
        assertTrue(alerts.size() >= 40, "a useful library, found " + alerts.size() + " alerts");
        for (Alert a : alerts) {
            Map<String, Object> labels = a.rule().get("labels") == null ? Map.of() : Manifests.map(a.rule().get("labels"), a.where());
            Map<String, Object> ann = a.rule().get("annotations") == null ? Map.of() : Manifests.map(a.rule().get("annotations"), a.where());
            Object severity = labels.get("severity");
            if (!SEVERITIES.contains(String.valueOf(severity)) || "none".equals(severity) != a.name().equals("Watchdog")) {
                problems.add(a.where() + ": severity must be critical, warning or info (none only for Watchdog), is " + severity);
            }
            String url = "runbooks/alerts/" + a.name() + ".md";
            if (!url.equals(ann.get("runbook_url"))) {
                problems.add(a.where() + ": runbook_url must be " + url + ", is " + ann.get("runbook_url"));
            }
            for (String key : List.of("summary", "description")) {
                if (!(ann.get(key) instanceof String s) || s.isBlank()) {
                    problems.add(a.where() + ": no " + key);
                }
            }
            if (!a.name().matches("[A-Z][A-Za-z0-9]+")) {
                problems.add(a.where() + ": alert names are UpperCamelCase");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void thePromisedAlertsExist() throws IOException {
        Set<String> names = new TreeSet<>();
        alerts().forEach(a -> names.add(a.name()));
        Set<String> missing = new TreeSet<>(REQUIRED);
        missing.removeAll(names);
        assertEquals(Set.of(), missing);
    }

    @Test
    void certificatesWarnAt30DaysAndPageAt7() throws IOException {
        Map<String, String> bySeverity = new TreeMap<>();
        alerts().stream().filter(a -> a.name().equals("TLSCertificateExpiringSoon"))
                .forEach(a -> bySeverity.put(String.valueOf(Manifests.at(a.rule(), "labels.severity")), String.valueOf(a.rule().get("expr"))));
        assertEquals(Set.of("warning", "critical"), bySeverity.keySet());
        assertTrue(bySeverity.get("warning").strip().endsWith("< 30"), bySeverity.get("warning"));
        assertTrue(bySeverity.get("critical").strip().endsWith("< 7"), bySeverity.get("critical"));
    }

    @Test
    void sameNameAlertsDifferOnlyBySeverity() throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, List<Alert>> byName = new TreeMap<>();
        for (Alert a : alerts()) {
            byName.computeIfAbsent(a.name(), k -> new ArrayList<>()).add(a);
        }
        byName.forEach((name, list) -> {
            Set<Object> severities = new HashSet<>();
            for (Alert a : list) {
                if (!severities.add(Manifests.at(a.rule(), "labels.severity"))) {
                    problems.add(name + ": two rules with the same severity");
                }
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void templatesOnlyInAnnotations() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Alert a : alerts()) {
            for (String key : List.of("alert", "expr", "for", "labels")) {
                if (String.valueOf(a.rule().get(key)).contains("{{")) {
                    problems.add(a.where() + ": template syntax in " + key);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** rules/X.yml is tested by promtool/X-test.yml, which loads that rule file (alone, or with all of them). */
    @Test
    void everyRuleFileHasItsOwnTestFile() throws IOException {
        List<String> problems = new ArrayList<>();
        Set<String> expected = new TreeSet<>();
        for (Path rules : ruleFiles()) {
            String stem = rules.getFileName().toString().replaceFirst("\\.yml$", "");
            expected.add(stem + "-test.yml");
            Path test = promtoolFolder().resolve(stem + "-test.yml");
            if (!Files.isRegularFile(test)) {
                problems.add(Manifests.rel(rules) + ": no test file " + Manifests.rel(test));
                continue;
            }
            Object loaded = Manifests.loadMap(test).get("rule_files");
            String own = "../../../../manifests/prometheus/rules/" + rules.getFileName();
            String all = "../../../../manifests/prometheus/rules/*.yml";
            if (!(loaded instanceof List<?> l) || !(l.contains(own) || l.contains(all))) {
                problems.add(Manifests.rel(test) + ": rule_files must load " + own + " (or " + all + "), is " + loaded);
            }
        }
        for (Path test : testFiles()) {
            if (!expected.contains(test.getFileName().toString())) {
                problems.add(Manifests.rel(test) + ": no rule file of that name in manifests/prometheus/rules");
            }
        }
        assertEquals(List.of(), problems);
    }

    /** Parsed from the test files: every alert appears once expected to fire and once expected to stay quiet. */
    @Test
    void everyAlertHasAFiringAndAQuietCase() throws IOException {
        Set<String> firing = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        Set<String> firingAt = new TreeSet<>();
        for (Path test : testFiles()) {
            for (Object t : Manifests.list(Manifests.loadMap(test).get("tests"), Manifests.rel(test) + " tests")) {
                Object cases = Manifests.map(t, Manifests.rel(test) + " test").get("alert_rule_test");
                for (Object c : cases == null ? List.of() : Manifests.list(cases, Manifests.rel(test) + " alert_rule_test")) {
                    Map<String, Object> rt = Manifests.map(c, Manifests.rel(test) + " alert_rule_test entry");
                    Object exp = rt.get("exp_alerts");
                    boolean fires = exp instanceof List<?> l && !l.isEmpty();
                    (fires ? firing : quiet).add(String.valueOf(rt.get("alertname")));
                    if (fires) {
                        ((List<?>) exp).forEach(e -> firingAt.add(rt.get("alertname") + " " + Manifests.at(e, "exp_labels.severity")));
                    }
                }
            }
        }
        Set<String> names = new TreeSet<>();
        alerts().forEach(a -> names.add(a.name()));
        List<String> problems = new ArrayList<>();
        // A name carried by several rules (one per severity) needs a firing case at each severity.
        alerts().forEach(a -> {
            String at = a.name() + " " + Manifests.at(a.rule(), "labels.severity");
            if (firing.contains(a.name()) && !firingAt.contains(at)) {
                problems.add(a.name() + ": no promtool case expects it to fire at severity " + Manifests.at(a.rule(), "labels.severity"));
            }
        });
        for (String name : names) {
            if (!firing.contains(name)) {
                problems.add(name + ": no promtool case expects it to fire");
            }
            // Watchdog is vector(1): it has no quiet state to test.
            if (!quiet.contains(name) && !name.equals("Watchdog")) {
                problems.add(name + ": no promtool case expects it to stay quiet");
            }
        }
        Set<String> unknown = new TreeSet<>(firing);
        unknown.addAll(quiet);
        unknown.removeAll(names);
        unknown.forEach(n -> problems.add(n + ": tested, but no rule has this name"));
        assertEquals(List.of(), problems);
    }

    /** `promtool check rules` runs in ValidatorsTest; the test files load the same rule files. */
    @Test
    void promtoolPassesEveryTestFile() throws IOException {
        Optional<Path> promtool = Manifests.which("promtool");
        Assumptions.assumeTrue(promtool.isPresent(), "promtool is not installed (apt-get install prometheus)");
        List<String> test = new ArrayList<>(List.of(promtool.get().toString(), "test", "rules"));
        testFiles().forEach(p -> test.add(p.getFileName().toString()));
        Manifests.Result r = Manifests.run(promtoolFolder(), 120, test.toArray(String[]::new));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("SUCCESS"), r.output());
    }
}
