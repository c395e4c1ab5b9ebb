package obs.install;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import obs.cli.Console;
import obs.env.Finding;
import obs.manifests.ImageMirror;
import obs.manifests.Rendered;

/** How install writes its results: tables for people, JSON with -o json, talk on stderr. */
final class InstallReport {
    private static final String NO_LONGER_RENDERED = "installed by obs before, no longer rendered (a component switched off or an option changed)";

    private InstallReport() {
    }

    static void findings(Console console, List<Finding> findings) {
        if (console.json()) {
            console.json(findings);
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        // Console colours ok, warn and fail; info stays plain.
        findings.forEach(f -> rows.add(List.of(f.check(), f.status() == Finding.Status.info ? "info" : console.status(f.status().name()),
                f.detail(), f.fix() == null ? "" : f.fix())));
        console.table(List.of("CHECK", "STATUS", "DETAIL", "FIX"), rows);
    }

    /** The environment as talk on stderr, before an install. */
    static void environment(Console console, List<Finding> findings) {
        for (Finding f : findings) {
            String line = f.check() + ": " + f.detail() + (f.fix() == null ? "" : " (fix: " + f.fix() + ")");
            switch (f.status()) {
                case ok, info -> console.info(line);
                case warn -> console.warn(line);
                case fail -> console.warn("BLOCKING " + line);
            }
        }
    }

    /** Every image, and with a mirror where it is pulled from instead. */
    static void images(Console console, Rendered rendered, String registry) {
        List<String> sources = rendered.images();
        if (console.json()) {
            console.json(sources.stream().map(i -> registry == null ? Map.of("image", i)
                    : Map.of("image", i, "mirror", ImageMirror.mirror(i, ImageMirror.check(registry)))).toList());
        } else if (registry == null) {
            sources.forEach(console.out()::println);
            console.out().flush();
        } else {
            console.table(List.of("IMAGE", "MIRROR"), sources.stream().map(i -> List.of(i, ImageMirror.mirror(i, ImageMirror.check(registry)))).toList());
        }
    }

    static void diff(Console console, Plan plan) {
        if (console.json()) {
            List<Map<String, Object>> out = new ArrayList<>();
            plan.steps().forEach(s -> {
                Map<String, Object> m = new LinkedHashMap<>(identity(s.apply()));
                m.put("action", s.action().name());
                m.put("changes", s.changes().stream().map(c -> {
                    Map<String, String> change = new LinkedHashMap<>();
                    change.put("path", c.path());
                    change.put("live", c.live());
                    change.put("rendered", c.rendered());
                    return change;
                }).toList());
                if (s.note() != null) {
                    m.put("note", s.note());
                }
                out.add(m);
            });
            plan.removals().forEach(o -> {
                Map<String, Object> m = new LinkedHashMap<>(identity(o));
                m.put("action", "delete");
                m.put("changes", List.of());
                m.put("note", NO_LONGER_RENDERED);
                out.add(m);
            });
            console.json(out);
            return;
        }
        var out = console.out();
        for (Plan.Step s : plan.steps()) {
            String mark = switch (s.action()) {
                case create -> "+";
                case update -> "~";
                case skip -> "!";
                case unchanged -> "=";
            };
            if (s.action() == Plan.Action.unchanged && s.note() == null) {
                continue;
            }
            console.line(mark + " " + s.action() + " " + s.describe() + where(s.apply()) + (s.note() == null ? "" : ": " + s.note()));
            s.changes().forEach(c -> console.line("    " + c));
        }
        plan.removals().forEach(o -> console.line("- delete " + o.getKind() + " " + o.getMetadata().getName() + where(o) + ": " + NO_LONGER_RENDERED));
        out.println(plan.count(Plan.Action.create) + " to create, " + plan.count(Plan.Action.update) + " to update, "
                + (plan.removals().isEmpty() ? "" : plan.removals().size() + " to delete, ")
                + plan.count(Plan.Action.unchanged) + " unchanged" + (plan.count(Plan.Action.skip) > 0 ? ", " + plan.count(Plan.Action.skip)
                + " left alone" : ""));
        out.flush();
    }

    static void installed(Console console, String namespace, Plan plan, List<RolloutWait.Row> rows, String grafana, String next,
                          String password) {
        if (console.json()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("namespace", namespace);
            out.put("created", plan.count(Plan.Action.create));
            out.put("updated", plan.count(Plan.Action.update));
            out.put("unchanged", plan.count(Plan.Action.unchanged));
            out.put("deleted", plan.removals().size());
            out.put("workloads", rows);
            out.put("grafana", grafana);
            if (password != null) {
                out.put("grafanaPassword", password);
            }
            out.put("next", next);
            console.json(out);
            return;
        }
        List<List<String>> table = new ArrayList<>();
        rows.forEach(r -> table.add(List.of(r.component(), r.kind(), console.status(r.ready() ? "ok" : "fail"), r.summary())));
        console.table(List.of("COMPONENT", "KIND", "STATUS", "READY"), table);
        var out = console.out();
        if (grafana != null) {
            out.println(grafana);
        }
        if (password != null) {
            out.println("Grafana admin password: " + password);
        }
        out.println("Next: " + next);
        out.flush();
    }

    static void notReady(Console console, List<RolloutWait.Row> rows) {
        rows.stream().filter(r -> !r.ready()).forEach(r -> {
            console.warn(r.component() + " (" + r.kind() + " " + r.name() + ") not ready: " + r.summary());
            r.why().forEach(line -> console.warn("  " + line));
        });
    }

    static String where(HasMetadata o) {
        return o.getMetadata().getNamespace() == null ? "" : " (" + o.getMetadata().getNamespace() + ")";
    }

    private static Map<String, String> identity(HasMetadata o) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kind", o.getKind());
        m.put("name", o.getMetadata().getName());
        if (o.getMetadata().getNamespace() != null) {
            m.put("namespace", o.getMetadata().getNamespace());
        }
        return m;
    }
}
