package obs.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        for (Component c : Stack.COMPONENTS) {
            CheckFile file = CheckFile.load(REPO.resolve(c.checksFile()));
            assertEquals(c.name(), file.component());
            assertTrue(file.checks().stream().anyMatch(ch -> ch.kind() instanceof Check.Rollout), c.name() + " has no rollout check");
            assertTrue(file.checks().stream().anyMatch(ch -> ch.http() != null || ch.promql() != null),
                    c.name() + " has no HTTP or PromQL check");
            for (Check check : file.checks()) {
                String[] ref = check.runbook().split("#", 2);
                Path runbook = REPO.resolve(ref[0]);
                assertTrue(Files.isRegularFile(runbook), check.id() + ": missing runbook " + runbook);
                String text = Files.readString(runbook);
                assertEquals(check.id(), ref[1], check.id() + ": runbook anchor must be the check id");
                assertTrue(text.contains("## " + check.id() + "\n"), check.id() + ": no section in " + runbook);
                for (String heading : List.of("### Meaning", "### Impact", "### Diagnosis", "### Mitigation")) {
                    assertTrue(text.contains(heading), runbook + " lacks " + heading);
                }
            }
        }
        try (Stream<Path> files = Files.list(REPO.resolve("checks"))) {
            files.forEach(f -> assertTrue(Stack.find(f.getFileName().toString().replace(".yaml", "")).isPresent(),
                    f + " is not a component's checks file"));
        }
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
        assertEquals("runbooks/checks/loki.md#loki-rollout", checks.get(0).runbook());
        assertEquals(new Check.Rollout(WorkloadKind.StatefulSet, null), checks.get(0).kind());
        assertEquals("runbooks/elsewhere.md", checks.get(1).runbook());
        assertEquals(new Check.Rollout(WorkloadKind.Deployment, "loki-gateway"), checks.get(1).kind());
    }
}
