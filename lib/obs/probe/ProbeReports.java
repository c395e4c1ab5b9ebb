package obs.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import obs.cli.Console;
import obs.probe.config.Module.Prober;

/** Renders a run: one table row per target (plus a hop table per path target), or JSON. */
public final class ProbeReports {
    private ProbeReports() {
    }

    public static void render(Console console, List<TargetReport> reports, boolean repeated) {
        if (console.json()) {
            console.json(reports.stream().map(r -> json(r, repeated)).toList());
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (TargetReport r : reports) {
            String result = console.status(r.success() ? "ok" : "fail");
            String detail = r.success() ? detail(r) : r.error();
            if (repeated) {
                rows.add(List.of(r.target().name(), r.target().module().name(), result, Integer.toString(r.sent()),
                        percent(r.loss()), time(r.min()), time(r.avg()), time(r.max()), nullToEmpty(detail)));
            } else {
                rows.add(List.of(r.target().name(), r.target().module().name(), result, time(r.last().latency()),
                        nullToEmpty(detail)));
            }
        }
        console.table(repeated ? List.of("TARGET", "MODULE", "RESULT", "SENT", "LOSS", "MIN", "AVG", "MAX", "DETAIL")
                : List.of("TARGET", "MODULE", "RESULT", "TIME", "DETAIL"), rows);
        for (TargetReport r : reports) {
            if (!r.last().hops().isEmpty()) {
                hops(console, r);
            }
        }
    }

    private static void hops(Console console, TargetReport r) {
        console.out().println();
        console.line("path to " + r.target().name() + (Boolean.TRUE.equals(r.last().facts().get("changed"))
                ? " (changed since the last run, was " + String.join(" > ", previous(r)) + ")" : ""));
        List<List<String>> rows = new ArrayList<>();
        for (Hop h : r.last().hops()) {
            rows.add(List.of(Integer.toString(h.hop()), h.label(), percent(h.loss()), Integer.toString(h.sent()),
                    h.answered() ? ms(h.last()) : "-", h.answered() ? ms(h.avg()) : "-", h.answered() ? ms(h.best()) : "-",
                    h.answered() ? ms(h.worst()) : "-", h.answered() ? ms(h.stddev()) : "-"));
        }
        console.table(List.of("HOP", "HOST", "LOSS", "SENT", "LAST", "AVG", "BEST", "WORST", "STDDEV"), rows);
    }

    @SuppressWarnings("unchecked")
    private static List<String> previous(TargetReport r) {
        return (List<String>) r.last().facts().getOrDefault("previous_path", List.of());
    }

    /** The one-line summary of what a successful probe found. */
    static String detail(TargetReport r) {
        Map<String, Object> f = r.last().facts();
        List<String> parts = new ArrayList<>();
        switch (r.target().prober()) {
            case http -> {
                parts.add(f.get("status") + " " + f.get("http_version"));
                if (f.get("redirects") instanceof Integer n && n > 0) {
                    parts.add(n + " redirect" + (n == 1 ? "" : "s"));
                }
            }
            case tcp -> parts.add("connect " + ms(number(f.get("connect_ms"))));
            case dns -> {
                List<?> answers = (List<?>) f.getOrDefault("answers", List.of());
                parts.add(f.get("rcode") + ", " + answers.size() + " answer" + (answers.size() == 1 ? "" : "s"));
                answers.stream().limit(3).forEach(a -> parts.add(a.toString().replaceAll("^.*\\t", "")));
            }
            case icmp -> parts.add(f.get("address").toString());
            case path -> {
                int n = r.last().hops().size();
                parts.add(n + (n == 1 ? " hop" : " hops") + (Boolean.TRUE.equals(f.get("changed")) ? ", path changed" : ""));
            }
        }
        if (f.containsKey("tls_version")) {
            parts.add(f.get("tls_version") + (f.containsKey("cert_days_left") ? ", cert expires in " + f.get("cert_days_left") + "d" : ""));
        }
        return String.join(", ", parts);
    }

    private static Map<String, Object> json(TargetReport r, boolean repeated) {
        Map<String, Object> m = new LinkedHashMap<>();
        ProbeResult last = r.last();
        m.put("target", r.target().name());
        m.put("module", r.target().module().name());
        m.put("prober", r.target().prober().name());
        m.put("labels", r.target().labels());
        m.put("success", r.success());
        m.put("error", r.error());
        m.put("sent", r.sent());
        m.put("ok", r.ok());
        m.put("loss", r.loss());
        m.put("min_ms", millis(r.min()));
        m.put("avg_ms", millis(r.avg()));
        m.put("max_ms", millis(r.max()));
        m.put("facts", last.facts());
        if (r.target().prober() == Prober.path) {
            m.put("hops", last.hops());
        }
        if (repeated) {
            m.put("rounds", r.rounds().stream().map(p -> {
                Map<String, Object> round = new LinkedHashMap<>();
                round.put("success", p.success());
                round.put("ms", millis(p.latency()));
                round.put("error", p.error());
                return round;
            }).toList());
        }
        return m;
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0;
    }

    private static Double millis(Duration d) {
        return d == null ? null : d.toNanos() / 1e6;
    }

    static String time(Duration d) {
        return d == null ? "-" : ms(d.toNanos() / 1e6);
    }

    static String ms(double millis) {
        if (millis >= 1000) {
            return String.format(Locale.ROOT, "%.2fs", millis / 1000);
        }
        return String.format(Locale.ROOT, millis < 10 ? "%.2fms" : "%.1fms", millis);
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
