package obs.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The alert-rule library: every alert has a severity and a runbook, and the promised alerts exist. */
class AlertRulesTest {

    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info", "none");

    /** Alerts the issue asks for by topic; each one is routed, tested or documented elsewhere by name. */
    private static final Set<String> REQUIRED = Set.of(
            "Watchdog", "TargetDown", "NodeDown", "NodeHighCPU", "NodeHighMemory", "NodeDiskSpaceLow",
            "KubePodCrashLooping", "ProbeFailed", "TLSCertificateExpiringSoon", "DNSProbeFailed",
            "SmokepingHighLatency", "SmokepingPacketLoss", "MtrHighLatency", "MtrHighPacketLoss",
            "MtrTargetUnreachable", "LokiLogErrorSpike", "AlertmanagerNotificationsFailing");

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
            if (!SEVERITIES.contains(String.valueOf(labels.get("severity")))) {
                problems.add(a.where() + ": severity must be one of " + SEVERITIES + ", is " + labels.get("severity"));
            }
            if (!("runbooks/" + a.name() + ".md").equals(ann.get("runbook_url"))) {
                problems.add(a.where() + ": runbook_url must be runbooks/" + a.name() + ".md, is " + ann.get("runbook_url"));
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
    void sameNameAlertsDifferOnlyBySeverity() throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, List<Alert>> byName = new java.util.TreeMap<>();
        for (Alert a : alerts()) {
            byName.computeIfAbsent(a.name(), k -> new ArrayList<>()).add(a);
        }
        byName.forEach((name, list) -> {
            Set<Object> severities = new java.util.HashSet<>();
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
}
