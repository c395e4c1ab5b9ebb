package obs.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import obs.checks.Check;
import obs.cli.Cli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The Diagnosis steps of every page in runbooks/: in ```sh blocks, at least one per runbook, with no placeholder
 * but the ones the runbook command substitutes, nothing the command's own allowlist (ReadOnly) would refuse to run,
 * and obs commands that parse with today's CLI. The read-only rule lives in ReadOnly only; this test applies it.
 */
class RunbookDiagnosisTest {
    /** Values for the placeholders, as the runbook command substitutes them. */
    static final Map<String, String> PLACEHOLDERS = Map.of("NAMESPACE", "ao", "COMPONENT", "prometheus");
    /** Upper-case words a reader could take for a placeholder to fill in. */
    static final Pattern UPPER = Pattern.compile("\\b[A-Z][A-Z0-9_]{2,}\\b");
    /** The generic page of each check kind: the only pages where COMPONENT is set (a check's component). */
    static final Set<String> GENERIC_CHECK_PAGES = Arrays.stream(Check.TYPES.split(",\\s*"))
            .map(kind -> "runbooks/checks/" + kind + ".md").collect(Collectors.toUnmodifiableSet());
    static Runbooks books;
    static Catalog catalog;

    @BeforeAll
    static void load() {
        books = Runbooks.load(RunbookPagesTest.ROOT);
        catalog = Catalog.load(RunbookPagesTest.ROOT);
    }

    static String substituted(String line) {
        String out = line;
        for (var e : PLACEHOLDERS.entrySet()) {
            out = out.replaceAll("\\b" + e.getKey() + "\\b", e.getValue());
        }
        return out;
    }

    /** The runbooks that have a Diagnosis part (one without it is RunbookPagesTest's to report). */
    static List<Runbook> diagnosed() {
        return RunbookPagesTest.all(books).stream().filter(r -> r.page().part(r.section(), "Diagnosis").isPresent()).toList();
    }

    @Test
    void noDiagnosisBlockHoldsACommandTheRunbookCommandWouldNotRun() {
        List<String> problems = new ArrayList<>();
        int judged = 0;
        for (Runbook r : diagnosed()) {
            for (Page.Command c : r.diagnosis()) {
                judged++;
                if (ReadOnly.judge(substituted(c.text()), catalog.aliases().keySet()) instanceof Step.Skip skip) {
                    problems.add(r.page().path() + ":" + c.line() + ": " + c.text() + ": " + skip.verdict());
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(judged > 150, "found only " + judged + " diagnosis steps: is the extraction broken?");
    }

    @Test
    void everyDiagnosisHasCommandsInShBlocksOnly() {
        List<String> problems = new ArrayList<>();
        diagnosed().forEach(r -> problems.addAll(blocks(r)));
        assertEquals(List.of(), problems);
    }

    /**
     * A Diagnosis holds ```sh blocks only (a block under another tag would not be judged, yet be copied by a reader)
     * and at least one command.
     */
    static List<String> blocks(Runbook r) {
        List<String> out = new ArrayList<>();
        Page.Heading diagnosis = r.page().part(r.section(), "Diagnosis").orElseThrow();
        List<String> body = r.page().body(diagnosis);
        boolean fenced = false;
        for (int i = 0; i < body.size(); i++) {
            String line = body.get(i).strip();
            if (line.startsWith("```") || line.startsWith("~~~")) {
                if (!fenced && !line.equals("```sh")) {
                    out.add(r.page().path() + ":" + (diagnosis.line() + 1 + i) + ": Diagnosis blocks are ```sh, found " + line);
                }
                fenced = !fenced;
            }
        }
        if (r.diagnosis().isEmpty()) {
            out.add(r.ref() + ": Diagnosis has no command in a ```sh block");
        }
        return out;
    }

    @Test
    void diagnosisStepsUseOnlyTheRunbookCommandsPlaceholders() {
        List<String> problems = new ArrayList<>();
        diagnosed().forEach(r -> problems.addAll(placeholders(r)));
        assertEquals(List.of(), problems);
    }

    /**
     * Upper-case words in the Diagnosis commands other than NAMESPACE and, on a generic check page, COMPONENT: the
     * runbook command would run them as written. A PromQL query (after query=) and an option's name (-XGET) have
 * upper-case words of their own.
     */
    static List<String> placeholders(Runbook r) {
        boolean generic = GENERIC_CHECK_PAGES.contains(r.page().path());
        List<String> out = new ArrayList<>();
        for (Page.Command c : r.diagnosis()) {
            List<String> words;
            try {
                words = ShellWords.stages(c.text()).stream().flatMap(List::stream).toList();
            } catch (ShellWords.Syntax e) {
                words = List.of(c.text().split("\\s+"));
            }
            for (String w : words) {
                String word = w.replaceFirst("^-+[A-Za-z][\\w-]*", "");
                int query = word.indexOf("query=");
                Matcher m = UPPER.matcher(query < 0 ? word : word.substring(0, query));
                while (m.find()) {
                    String found = m.group();
                    if (!found.equals("NAMESPACE") && !(generic && found.equals("COMPONENT"))) {
                        out.add(r.page().path() + ":" + c.line() + ": " + found + " is not a placeholder the runbook command fills "
                                + "(only NAMESPACE" + (generic ? " and COMPONENT" : "") + "): " + c.text());
                    }
                }
            }
        }
        return out;
    }

    @Test
    void everyObsCommandInAPageParsesWithTheCurrentCli() throws Exception {
        List<String> problems = new ArrayList<>();
        int parsed = 0;
        for (Page p : books.pages().values()) {
            for (Page.Command c : p.commands(null)) {
                for (List<String> words : obsCommands(substituted(c.text()))) {
                    String where = p.path() + ":" + c.line() + ": " + c.text();
                    String alias = words.get(1).replaceFirst("@.*$", "");
                    Catalog.Alias a = catalog.aliases().get(alias);
                    if (a == null) {
                        problems.add(where + ": '" + alias + "' is not an alias of jbang-catalog.json");
                        continue;
                    }
                    List<String> args = new ArrayList<>(a.arguments());
                    args.addAll(words.subList(2, words.size()));
                    try {
                        Cli.commandLine(Class.forName(a.scriptClass()).getDeclaredConstructor().newInstance()).parseArgs(args.toArray(String[]::new));
                        parsed++;
                    } catch (CommandLine.ParameterException e) {
                        problems.add(where + ": " + e.getMessage());
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(parsed > 20, "parsed " + parsed + " obs commands");
    }

    /** The jbang commands of a line, split at pipes and shell lists. */
    static List<List<String>> obsCommands(String line) {
        List<List<String>> out = new ArrayList<>();
        for (String part : line.split("&&|\\|\\||;|(?<![|])\\|(?![|])|(?<![&])&(?![&])")) {
            List<List<String>> stages;
            try {
                stages = ShellWords.stages(part.strip());
            } catch (ShellWords.Syntax e) {
                continue;
            }
            stages.stream().filter(s -> s.size() >= 2 && (s.getFirst().equals("jbang") || s.getFirst().equals("./jbang"))).forEach(out::add);
        }
        return out;
    }

    @Test
    void aBrokenDiagnosisIsNamed() {
        String head = "# Foo\n\nFoo fires.\n\n## Meaning\n\nm\n\n## Impact\n\ni\n\n## Diagnosis\n\n";
        String tail = "\n\n## Mitigation\n\nx\n";
        Runbook good = Runbooks.of(Page.parse("runbooks/alerts/Foo.md", head + "```sh\n# why\nkubectl -n NAMESPACE get pods\n"
                + "curl -sG http://p:9090/api/v1/query --data-urlencode 'query=ALERTS{alertstate=\"firing\"}'\n```" + tail)).getFirst();
        assertEquals(List.of(), blocks(good));
        assertEquals(List.of(), placeholders(good));

        Runbook text = Runbooks.of(Page.parse("runbooks/alerts/Foo.md", head + "```text\nkubectl delete pod x\n```" + tail)).getFirst();
        assertEquals(List.of("runbooks/alerts/Foo.md:15: Diagnosis blocks are ```sh, found ```text",
                "runbooks/alerts/Foo.md: Diagnosis has no command in a ```sh block"), blocks(text));

        Runbook node = Runbooks.of(Page.parse("runbooks/alerts/Foo.md", head + "```sh\nkubectl describe node NODE -XGET --field-selector=spec.nodeName=HOST -l x=COMPONENT\n```"
                + tail)).getFirst();
        List<String> found = placeholders(node);
        assertEquals(3, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("runbooks/alerts/Foo.md:16: NODE is not a placeholder"), found.toString());
        assertTrue(found.get(1).startsWith("runbooks/alerts/Foo.md:16: HOST is not a placeholder"), found.toString());
        assertTrue(found.get(2).startsWith("runbooks/alerts/Foo.md:16: COMPONENT is not a placeholder"), found.toString());
        Runbook generic = Runbooks.of(Page.parse("runbooks/checks/pods.md", "# pods\n\n## pods\n\n### Meaning\n\nm\n\n### Impact\n\ni\n\n"
                + "### Diagnosis\n\n```sh\nkubectl -n NAMESPACE get pods -l app.kubernetes.io/name=COMPONENT\n```\n\n### Mitigation\n\nx\n"))
                .getFirst();
        assertEquals(List.of(), placeholders(generic));
    }
}
