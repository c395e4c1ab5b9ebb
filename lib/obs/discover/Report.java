package obs.discover;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import obs.cli.Console;
import obs.discover.ClusterView.Skipped;

/** The coverage report: a table (or JSON) of every Service and a one-line summary. */
record Report(List<Finding> findings, List<Skipped> skipped) {
    static final List<String> HEADERS = List.of("NAMESPACE", "SERVICE", "KIND", "MONITORED BY", "SUGGESTION");

    public long monitored() {
        return findings.stream().filter(Finding::monitored).count();
    }

    /** Suggestions not yet in effect: what a person or --apply still has to do. */
    public long openSuggestions() {
        return findings.stream().flatMap(f -> f.suggestions().stream()).filter(s -> !s.applied()).count();
    }

    public boolean anyUncovered() {
        return findings.stream().anyMatch(Finding::uncovered);
    }

    String summary() {
        return findings.size() + " services, " + monitored() + " monitored, " + openSuggestions() + " suggestions"
                + (skipped.isEmpty() ? "" : ", " + skipped.size() + (skipped.size() == 1 ? " namespace" : " namespaces") + " skipped");
    }

    void print(Console console) {
        if (console.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("services", findings);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("services", findings.size());
            summary.put("monitored", monitored());
            summary.put("suggestions", openSuggestions());
            json.put("summary", summary);
            json.put("skipped", skipped);
            console.json(json);
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (Finding f : findings) {
            String kind = f.team() == null ? f.kind() : f.team().toUpperCase(Locale.ROOT) + " " + f.kind();
            String by = f.monitoredBy().isEmpty() ? (f.kind().equals("other") ? "-" : "not monitored") : String.join(", ", f.monitoredBy());
            String suggestion = f.suggestions().isEmpty() ? "-" : f.suggestions().stream()
                    .map(s -> s.text() + (s.applied() ? " (applied)" : "")).collect(Collectors.joining("; "));
            rows.add(List.of(f.namespace(), f.service(), kind, by, suggestion));
        }
        console.table(HEADERS, rows);
        console.line(summary());
    }
}
