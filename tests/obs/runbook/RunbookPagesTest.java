package obs.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import obs.checks.Check;
import obs.checks.CheckFile;
import obs.cli.Cli;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * Every page in runbooks/, whoever wrote it: the four headings, links that resolve (rules' runbook_url, checks'
 * runbook, the index), obs commands that parse with today's CLI, and nothing in a Diagnosis block that the runbook
 * command would refuse to run. Each test names every offender at once.
 */
class RunbookPagesTest {
    static final Path ROOT = Path.of("").toAbsolutePath();
    /** Values for the placeholders, as the runbook command substitutes them. */
    static final Map<String, String> PLACEHOLDERS = Map.of("NAMESPACE", "ao", "COMPONENT", "prometheus");
    static Runbooks books;
    static Catalog catalog;

    @BeforeAll
    static void load() {
        books = Runbooks.load(ROOT);
        catalog = Catalog.load(ROOT);
    }

    static List<Runbook> all() {
        return books.pages().values().stream().flatMap(p -> Runbooks.of(p).stream()).toList();
    }

    static String substituted(String line) {
        String out = line;
        for (var e : PLACEHOLDERS.entrySet()) {
            out = out.replaceAll("\\b" + e.getKey() + "\\b", e.getValue());
        }
        return out;
    }

    @Test
    void todaysPagesAreFound() {
        assertTrue(books.pages().containsKey("runbooks/checks/prometheus.md"), books.pages().keySet().toString());
        assertTrue(books.pages().containsKey("runbooks/incidents/is-it-the-network.md"), books.pages().keySet().toString());
        assertTrue(all().size() > 40, "check sections are runbooks: " + all().size());
    }

    @Test
    void listShowsEveryRunbookAsTableAndJson() {
        var table = obs.sandbox.SandboxFixture.run("Runbook", "--list", "--no-color");
        assertEquals(0, table.exit(), table.toString());
        assertTrue(table.out().startsWith("NAME "), table.out());
        assertTrue(table.out().lines().anyMatch(l -> l.matches("prometheus-ready +check +runbooks/checks/http.md#http +Check: .*")),
                table.out());
        var json = obs.sandbox.SandboxFixture.run("Runbook", "--list", "-o", "json");
        assertEquals(0, json.exit(), json.toString());
        assertTrue(json.out().contains("\"name\" : \"prometheus-ready\",\n  \"kind\" : \"check\",\n  \"runbook\" : "
                + "\"runbooks/checks/http.md#http\""), json.out());
        assertEquals(books.list().size(), json.out().split("\"name\" :").length - 1);
    }

    @Test
    void everyRunbookHasTheFourHeadingsInOrder() {
        List<String> problems = new ArrayList<>();
        all().forEach(r -> problems.addAll(r.problems()));
        for (Page p : books.pages().values()) {
            String stem = p.path().replaceFirst("^runbooks/alerts/(.*)\\.md$", "$1");
            if (!stem.equals(p.path()) && (p.lines().isEmpty() || !p.lines().getFirst().equals("# " + stem))) {
                problems.add(p.path() + ":1: an alert page starts with '# " + stem + "'");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyRunbookUrlOfTheAlertRulesResolvesToAPageAndAnchor() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(ROOT.resolve("runbooks/alerts")),
                "runbooks/alerts/ does not exist yet on this branch: the alert pages come with their rules");
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("manifests/prometheus/rules"))) {
            for (Path f : files.filter(f -> f.toString().matches(".*\\.ya?ml$")).sorted().toList()) {
                Map<?, ?> doc = new Yaml().load(Files.readString(f));
                for (Object g : (List<?>) doc.get("groups")) {
                    for (Object rule : (List<?>) ((Map<?, ?>) g).get("rules")) {
                        Map<?, ?> r = (Map<?, ?>) rule;
                        Map<?, ?> annotations = (Map<?, ?>) r.get("annotations");
                        if (r.get("alert") == null) {
                            continue;
                        }
                        String url = annotations == null ? null : (String) annotations.get("runbook_url");
                        String where = ROOT.relativize(f) + ": alert " + r.get("alert");
                        if (url == null) {
                            problems.add(where + ": no runbook_url");
                        } else {
                            resolve(url).ifPresent(p -> problems.add(where + ": runbook_url " + url + ": " + p));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** Why a runbook reference does not resolve, if it does not. */
    static java.util.Optional<String> resolve(String ref) {
        String[] parts = ref.split("#", 2);
        Page page = books.pages().get(parts[0]);
        if (page == null) {
            return java.util.Optional.of("no such page");
        }
        if (parts.length == 2 && page.headings().stream().noneMatch(h -> h.anchor().equals(parts[1]))) {
            return java.util.Optional.of("no heading with the anchor #" + parts[1]);
        }
        return java.util.Optional.empty();
    }

    @Test
    void everyChecksRunbookExistsWithItsAnchor() {
        List<String> problems = new ArrayList<>();
        for (CheckFile file : Runbooks.checkFiles(ROOT)) {
            for (Check check : file.checks()) {
                resolve(check.runbook()).ifPresent(p -> problems.add("checks/" + file.component() + ".yaml: " + check.id()
                        + ": runbook " + check.runbook() + ": " + p));
                if (Runbooks.checkRunbook(books.pages(), check, file.component()).isEmpty() && !check.runbook().contains("#")) {
                    problems.add(check.id() + ": " + check.runbook() + " is a page without an anchor");
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(books.runbooks().containsKey("prometheus-ready"));
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
    void everyPageIsLinkedFromTheIndex() throws IOException {
        Path index = ROOT.resolve(Runbooks.INDEX);
        Assumptions.assumeTrue(Files.exists(index), Runbooks.INDEX + " does not exist yet on this branch");
        String text = Files.readString(index);
        List<String> missing = books.pages().keySet().stream().filter(path -> {
            String rel = path.substring("runbooks/".length());
            return !Pattern.compile("[(\\s/]" + Pattern.quote(rel) + "[)#\\s]").matcher(text).find();
        }).toList();
        assertEquals(List.of(), missing, "pages not linked from " + Runbooks.INDEX);
    }

    @Test
    void noDiagnosisBlockHoldsACommandTheRunbookCommandWouldNotRun() {
        List<String> problems = new ArrayList<>();
        int judged = 0;
        for (Runbook r : all()) {
            if (r.page().part(r.section(), "Diagnosis").isEmpty()) {
                continue;
            }
            for (Page.Command c : r.diagnosis()) {
                Step step = ReadOnly.judge(substituted(c.text()), catalog.aliases().keySet());
                judged++;
                if (step instanceof Step.Skip skip) {
                    problems.add(r.page().path() + ":" + c.line() + ": " + c.text() + ": " + skip.verdict());
                }
            }
        }
        assertEquals(List.of(), problems);
        assertFalse(judged == 0);
    }
}
