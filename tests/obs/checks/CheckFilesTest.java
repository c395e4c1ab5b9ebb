package obs.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import obs.core.Exit;
import obs.core.ObsException;
import obs.stack.Component;
import obs.stack.Component.WorkloadKind;
import obs.stack.Stack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped checks/ files are valid, complete and linked to runbooks; bad files fail with file:line. */
class CheckFilesTest {
    static final Path REPO = Path.of("").toAbsolutePath();

    @Test
    void everyComponentHasAValidChecksFileWithExistingRunbookSections() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Component c : Stack.COMPONENTS) {
            CheckFile file = CheckFile.load(REPO.resolve(c.checksFile()));
            assertEquals(c.name(), file.component());
            assertTrue(file.checks().stream().anyMatch(ch -> ch.kind() instanceof Check.Rollout), c.name() + " has no rollout check");
            assertTrue(file.checks().stream().anyMatch(ch -> ch.http() != null || ch.promql() != null),
                    c.name() + " has no HTTP or PromQL check");
            for (Check check : file.checks()) {
                String problem = sectionProblem(check.runbook());
                if (problem != null) {
                    problems.add(c.name() + "/" + check.id() + ": " + problem);
                }
            }
        }
        assertEquals(List.of(), problems);
        try (Stream<Path> files = Files.list(REPO.resolve("checks"))) {
            files.forEach(f -> assertTrue(Stack.find(f.getFileName().toString().replace(".yaml", "")).isPresent(),
                    f + " is not a component's checks file"));
        }
    }

    /** Null when the runbook reference names an existing page with a level-2 section holding the four level-3 headings. */
    static String sectionProblem(String runbook) throws IOException {
        String[] ref = runbook.split("#", 2);
        Path page = REPO.resolve(ref[0]);
        if (!Files.isRegularFile(page)) {
            return "no runbook page " + ref[0];
        }
        if (ref.length < 2) {
            return runbook + " names no section (#anchor)";
        }
        List<String> section = section(Files.readAllLines(page), ref[1]);
        if (section == null) {
            return "no section '## " + ref[1] + "' in " + ref[0];
        }
        List<String> headings = section.stream().filter(l -> l.startsWith("### ")).toList();
        return headings.equals(SECTION_HEADINGS) ? null : runbook + " has headings " + headings + ", expected " + SECTION_HEADINGS;
    }

    static final List<String> SECTION_HEADINGS = List.of("### Meaning", "### Impact", "### Diagnosis", "### Mitigation");

    /** The lines under the level-2 heading {@code anchor} up to the next level-2 heading, or null without one. */
    static List<String> section(List<String> lines, String anchor) {
        int start = lines.indexOf("## " + anchor);
        if (start < 0) {
            return null;
        }
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("## ")) {
            end++;
        }
        return lines.subList(start + 1, end);
    }

    /** Each check kind's generic page exists; a component's page holds only sections some check of it points at. */
    @Test
    void genericPagesExistAndComponentPagesHoldNoOrphanSections() throws IOException {
        List<String> problems = new ArrayList<>();
        java.util.Set<String> used = new java.util.HashSet<>();
        for (Check.Kind kind : List.of(new Check.Rollout(null, null), new Check.Pods(null, null), new Check.Pvc(null),
                new Check.Http("/", null, null, null, null), new Check.Promql("up", null))) {
            String problem = sectionProblem(Check.genericRunbook(kind));
            if (problem != null) {
                problems.add(kind.word() + ": " + problem);
            }
            used.add(Check.genericRunbook(kind));
        }
        for (Component c : Stack.COMPONENTS) {
            CheckFile.load(REPO.resolve(c.checksFile())).checks().forEach(ch -> used.add(ch.runbook()));
        }
        try (Stream<Path> pages = Files.list(REPO.resolve("runbooks/checks"))) {
            for (Path page : pages.sorted().toList()) {
                String rel = "runbooks/checks/" + page.getFileName();
                for (String line : Files.readAllLines(page)) {
                    if (line.startsWith("## ") && !used.contains(rel + "#" + line.substring(3))) {
                        problems.add(rel + ": section '" + line + "' is no check's runbook");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private static String loadError(Path dir, String name, String yaml) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, yaml);
        ObsException e = assertThrows(ObsException.class, () -> CheckFile.load(f));
        assertEquals(Exit.USAGE, e.exit());
        return e.getMessage().replace(dir + "/", "");
    }

    @Test
    void malformedYamlNamesFileAndLine(@TempDir Path dir) throws IOException {
        String msg = loadError(dir, "loki.yaml", "component: loki\nchecks:\n  - id: x\n    title: [unclosed\n");
        assertTrue(msg.startsWith("loki.yaml:5:1: invalid YAML:"), msg);
    }

    @Test
    void unknownCheckTypeIsRejectedWithTheKnownKeys(@TempDir Path dir) throws IOException {
        String msg = loadError(dir, "loki.yaml", """
                component: loki
                checks:
                  - id: loki-port
                    title: Loki port open
                    runbook: runbooks/checks/loki.md
                    tcp: {port: 3100}
                """);
        assertEquals("loki.yaml:6:5: unknown key 'tcp' (expected one of: id, title, severity, timeout, runbook, rollout, pods, pvc, http, promql)", msg);
    }

    @Test
    void aCheckNeedsExactlyOneType(@TempDir Path dir) throws IOException {
        String msg = loadError(dir, "loki.yaml", """
                component: loki
                checks:
                  - id: loki-two
                    title: two types
                    runbook: r.md
                    http: {path: /ready}
                    promql: {query: up}
                """);
        assertEquals("loki.yaml:3:5: check 'loki-two' must have exactly one type (rollout, pods, pvc, http, promql), found http and promql", msg);
    }

    @Test
    void unknownComponentAndMismatchedFileNameAreRejected(@TempDir Path dir) throws IOException {
        assertTrue(loadError(dir, "lokki.yaml", "component: lokki\n").startsWith("lokki.yaml:1:1: unknown component 'lokki'"));
        assertEquals("loki.yaml: declares component 'tempo' but should be named tempo.yaml",
                loadError(dir, "loki.yaml", "component: tempo\n"));
    }

    @Test
    void badValuesNameTheirPosition(@TempDir Path dir) throws IOException {
        assertEquals("loki.yaml:3:66: unknown value 'urgent' (expected one of: critical, warning)", loadError(dir, "loki.yaml",
                "component: loki\nchecks:\n  - {id: a, title: t, runbook: r.md, http: {path: /x}, severity: urgent}\n"));
        assertEquals("loki.yaml:3:46: invalid expect 'lots' (use empty, nonempty, or a comparison such as '== 1' or '< 0.9')",
                loadError(dir, "loki.yaml", "component: loki\nchecks:\n  - {id: a, title: t, runbook: r.md, promql: {query: up, expect: lots}}\n"));
        assertEquals("loki.yaml:3:5: missing required key 'title'",
                loadError(dir, "loki.yaml", "component: loki\nchecks:\n  - {id: a, http: {path: /x}}\n"));
    }

    @Test
    void theRunbookAndTheRolloutKindAreDerivedUnlessTheFileSetsThem(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("loki.yaml"), """
                component: loki
                checks:
                  - {id: loki-rollout, title: t, rollout: {}}
                  - {id: loki-own, title: t, runbook: runbooks/elsewhere.md, rollout: {kind: Deployment, name: loki-gateway}}
                """);
        List<Check> checks = CheckFile.load(dir.resolve("loki.yaml")).checks();
        assertEquals("runbooks/checks/rollout.md#rollout", checks.get(0).runbook());
        assertEquals(new Check.Rollout(WorkloadKind.StatefulSet, null), checks.get(0).kind());
        assertEquals("runbooks/elsewhere.md", checks.get(1).runbook());
        assertEquals(new Check.Rollout(WorkloadKind.Deployment, "loki-gateway"), checks.get(1).kind());
    }
}
