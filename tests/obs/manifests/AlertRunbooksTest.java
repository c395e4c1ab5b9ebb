package obs.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The alert runbook pages (runbooks/alerts/&lt;Alert&gt;.md): one per alert name and none without an alert, in the
 * fixed shape (title, one-line summary, Meaning, Impact, Diagnosis, Mitigation), with read-only Diagnosis steps.
 */
class AlertRunbooksTest {

    static final List<String> HEADINGS = List.of("## Meaning", "## Impact", "## Diagnosis", "## Mitigation");

    /** A Diagnosis line is a comment, an obs command that only reads, a read-only kubectl verb, or an HTTP GET. */
    private static final Pattern READ_ONLY = Pattern.compile(
            "#.*"
            + "|jbang (check-services|probe|sandbox status)( .*)?"
            + "|jbang install .*--(check|diff|dry-run)\\b.*"
            + "|kubectl (-n \\S+ )?(get|describe|logs|top|events|rollout status|auth can-i|api-resources|version)( .*)?"
            + "|(curl|wget) .*");

    /** What would change state even behind an allowed verb: a POST, a body, or a shell write. */
    private static final Pattern WRITES = Pattern.compile("-X *(POST|PUT|DELETE|PATCH)|--data|\\s-d\\s|--post|>|\\btee\\b");

    static String url(String alert) {
        return "runbooks/alerts/" + alert + ".md";
    }

    static Path folder() {
        return Manifests.root().resolve("runbooks/alerts");
    }

    static Set<String> alertNames() throws IOException {
        Set<String> names = new TreeSet<>();
        AlertRulesTest.alerts().forEach(a -> names.add(a.name()));
        return names;
    }

    @Test
    void everyAlertHasItsPageAndEveryPageAnAlert() throws IOException {
        Set<String> names = alertNames();
        Set<String> pages = new TreeSet<>();
        try (Stream<Path> s = Files.list(folder())) {
            s.filter(p -> p.toString().endsWith(".md")).forEach(p -> pages.add(p.getFileName().toString().replaceFirst("\\.md$", "")));
        }
        Set<String> missing = new TreeSet<>(names);
        missing.removeAll(pages);
        Set<String> orphans = new TreeSet<>(pages);
        orphans.removeAll(names);
        orphans.remove("README");
        assertEquals(Set.of(), missing, "alerts without a page in runbooks/alerts");
        assertEquals(Set.of(), orphans, "pages in runbooks/alerts without an alert of that name");
    }

    @Test
    void everyPageHasTheFixedShape() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String name : alertNames()) {
            Path page = folder().resolve(name + ".md");
            if (!Files.isRegularFile(page)) {
                continue;
            }
            List<String> lines = Files.readAllLines(page);
            String where = Manifests.rel(page);
            if (lines.isEmpty() || !lines.get(0).equals("# " + name)) {
                problems.add(where + ":1: the first line must be '# " + name + "'");
                continue;
            }
            List<String> headings = lines.stream().filter(l -> l.startsWith("## ")).toList();
            if (!headings.equals(HEADINGS)) {
                problems.add(where + ": level-2 headings must be " + HEADINGS + ", are " + headings);
            }
            int first = lines.indexOf(HEADINGS.get(0));
            List<String> intro = lines.subList(1, Math.max(1, first)).stream().filter(l -> !l.isBlank()).toList();
            if (intro.size() != 1) {
                problems.add(where + ": one summary line between the title and '## Meaning', found " + intro.size());
            }
            for (int i = 0; i + 1 < HEADINGS.size(); i++) {
                int from = lines.indexOf(HEADINGS.get(i));
                int to = lines.indexOf(HEADINGS.get(i + 1));
                if (from >= 0 && to > from && lines.subList(from + 1, to).stream().allMatch(String::isBlank)) {
                    problems.add(where + ": section " + HEADINGS.get(i) + " is empty");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void diagnosisStepsOnlyRead() throws IOException {
        List<String> problems = new ArrayList<>();
        int steps = 0;
        for (String name : alertNames()) {
            Path page = folder().resolve(name + ".md");
            if (!Files.isRegularFile(page)) {
                continue;
            }
            List<String> lines = Files.readAllLines(page);
            int from = lines.indexOf("## Diagnosis");
            int to = lines.indexOf("## Mitigation");
            if (from < 0 || to < from) {
                continue;
            }
            boolean fenced = false;
            int blocks = 0;
            for (int i = from + 1; i < to; i++) {
                String line = lines.get(i).strip();
                if (line.startsWith("```")) {
                    if (!fenced && !line.equals("```sh")) {
                        problems.add(Manifests.rel(page) + ":" + (i + 1) + ": Diagnosis blocks are ```sh");
                    }
                    blocks += fenced ? 0 : 1;
                    fenced = !fenced;
                } else if (fenced && !line.isEmpty()) {
                    steps++;
                    if (!READ_ONLY.matcher(line).matches() || (!line.startsWith("#") && WRITES.matcher(line).find())) {
                        problems.add(Manifests.rel(page) + ":" + (i + 1) + ": not a read-only step: " + line);
                    }
                }
            }
            if (blocks == 0) {
                problems.add(Manifests.rel(page) + ": Diagnosis has no ```sh block");
            }
        }
        assertTrue(steps > 0, "no Diagnosis step found");
        assertEquals(List.of(), problems);
    }
}
