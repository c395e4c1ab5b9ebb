package obs.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import obs.checks.Check;
import obs.checks.CheckFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The shape of every page in runbooks/, whoever wrote it, read with the runbook command's own parser (Page,
 * Runbooks): title and one-line summary, the four parts in order and none empty, one alert page per alert rule and
 * none without one, links that resolve (rules' runbook_url, checks' runbook, every relative link and anchor) and an
 * index that links every page. What the Diagnosis steps may hold is RunbookDiagnosisTest's. Each test names every
 * offender at once; {@link #aBrokenPageIsNamed} shows that each rule fails on a page that breaks it.
 */
class RunbookPagesTest {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final String ALERTS = "runbooks/alerts/";
    /** A relative Markdown link: the target up to an optional #anchor (links with a scheme are not pages). */
    static final Pattern LINK = Pattern.compile("\\]\\((?![a-z]+:)([^)#\\s]*)(?:#([^)\\s]+))?\\)");
    static Runbooks books;

    @BeforeAll
    static void load() {
        books = Runbooks.load(ROOT);
    }

    static List<Runbook> all(Runbooks books) {
        return books.pages().values().stream().flatMap(p -> Runbooks.of(p).stream()).toList();
    }

    static boolean wholePage(Page p) {
        return p.path().startsWith(ALERTS) || p.path().startsWith("runbooks/incidents/");
    }

    @Test
    void todaysPagesAreFound() {
        assertTrue(books.pages().containsKey("runbooks/checks/prometheus.md"), books.pages().keySet().toString());
        assertTrue(books.pages().containsKey("runbooks/incidents/is-it-the-network.md"), books.pages().keySet().toString());
        assertTrue(all(books).size() > 40, "check sections are runbooks: " + all(books).size());
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
    void everyRunbookHasTheFourPartsInOrderNoneEmpty() {
        List<String> problems = new ArrayList<>();
        books.pages().values().forEach(p -> problems.addAll(parts(p)));
        assertEquals(List.of(), problems);
    }

    /** The four parts of each runbook of a page: there, in order, not empty; a whole page has no other level-2 heading. */
    static List<String> parts(Page p) {
        List<String> out = new ArrayList<>();
        for (Runbook r : Runbooks.of(p)) {
            out.addAll(r.problems());
            for (String part : Page.PARTS) {
                p.part(r.section(), part).filter(h -> p.body(h).stream().allMatch(String::isBlank))
                        .ifPresent(h -> out.add(p.path() + ":" + h.line() + ": '" + r.partPrefix() + " " + part + "' is empty"));
            }
        }
        List<String> level2 = p.children(null).stream().map(Page.Heading::text).toList();
        if (wholePage(p) && !level2.equals(Page.PARTS)) {
            out.add(p.path() + ": the level-2 headings are " + level2 + ", expected exactly " + Page.PARTS);
        }
        return out;
    }

    @Test
    void alertAndIncidentPagesStartWithTitleAndOneLineSummary() {
        List<String> problems = new ArrayList<>();
        books.pages().values().forEach(p -> problems.addAll(intro(p)));
        assertEquals(List.of(), problems);
    }

    /** An alert page starts '# Alert', an incident page '# Title'; then one blank line, the summary, a blank line. */
    static List<String> intro(Page p) {
        if (!wholePage(p)) {
            return List.of();
        }
        List<String> lines = p.lines();
        String stem = p.path().substring(p.path().lastIndexOf('/') + 1).replaceFirst("\\.md$", "");
        boolean alert = p.path().startsWith(ALERTS);
        if (lines.isEmpty() || (alert ? !lines.getFirst().equals("# " + stem) : !lines.getFirst().matches("# \\S.*"))) {
            return List.of(p.path() + ":1: the first line must be '# " + (alert ? stem : "<Title>") + "'");
        }
        int firstPart = p.children(null).stream().map(Page.Heading::line).findFirst().orElse(lines.size() + 1);
        List<String> between = lines.subList(1, firstPart - 1);
        boolean oneLine = between.size() >= 3 && between.get(0).isBlank() && !between.get(1).isBlank()
                && !between.get(1).startsWith("#") && between.subList(2, between.size()).stream().allMatch(String::isBlank);
        return oneLine ? List.of() : List.of(p.path() + ":2: the title must be followed by a blank line, a one-line summary "
                + "and a blank line before the first '## ' heading");
    }

    @Test
    void everyAlertRuleHasItsPageAndEveryAlertPageItsRule() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(ROOT.resolve(ALERTS)),
                "runbooks/alerts/ does not exist yet on this branch: the alert pages come with their rules");
        Map<String, String> urls = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("manifests/prometheus/rules"))) {
            for (Path f : files.filter(f -> f.toString().matches(".*\\.ya?ml$")).sorted().toList()) {
                Map<?, ?> doc = new Yaml().load(Files.readString(f));
                for (Object g : (List<?>) doc.get("groups")) {
                    for (Object rule : (List<?>) ((Map<?, ?>) g).get("rules")) {
                        Map<?, ?> r = (Map<?, ?>) rule;
                        Map<?, ?> annotations = (Map<?, ?>) r.get("annotations");
                        if (r.get("alert") != null) {
                            urls.put(ROOT.relativize(f) + ": alert " + r.get("alert"),
                                    annotations == null ? null : (String) annotations.get("runbook_url"));
                        }
                    }
                }
            }
        }
        assertTrue(urls.size() > 40, "found " + urls.size() + " alert rules");
        assertEquals(List.of(), alertPages(urls, books));
    }

    /**
     * Each alert rule's runbook_url resolves to a page, and each alert page is one of them.
     *
     * @param urls the runbook_url of each alert rule, by "file: alert Name"
     */
    static List<String> alertPages(Map<String, String> urls, Runbooks books) {
        List<String> out = new ArrayList<>();
        Set<String> named = new TreeSet<>();
        urls.forEach((where, url) -> {
            named.add(where.replaceFirst(".*: alert ", ""));
            if (url == null) {
                out.add(where + ": no runbook_url");
            } else {
                resolve(url, books.pages()).ifPresent(p -> out.add(where + ": runbook_url " + url + ": " + p));
            }
        });
        books.pages().keySet().stream().filter(path -> path.startsWith(ALERTS))
                .filter(path -> !named.contains(path.substring(ALERTS.length()).replaceFirst("\\.md$", "")))
                .forEach(path -> out.add(path + ": no alert rule of that name"));
        return out;
    }

    /** Why a runbook reference (page, optionally #anchor) does not resolve, if it does not. */
    static Optional<String> resolve(String ref, Map<String, Page> pages) {
        String[] parts = ref.split("#", 2);
        Page page = pages.get(parts[0]);
        if (page == null) {
            return Optional.of("no such page");
        }
        if (parts.length == 2 && page.headings().stream().noneMatch(h -> h.anchor().equals(parts[1]))) {
            return Optional.of("no heading with the anchor #" + parts[1]);
        }
        return Optional.empty();
    }

    @Test
    void everyChecksRunbookExistsWithItsAnchor() {
        List<String> problems = new ArrayList<>();
        for (CheckFile file : Runbooks.checkFiles(ROOT)) {
            for (Check check : file.checks()) {
                resolve(check.runbook(), books.pages()).ifPresent(p -> problems.add("checks/" + file.component() + ".yaml: "
                        + check.id() + ": runbook " + check.runbook() + ": " + p));
                if (Runbooks.checkRunbook(books.pages(), check, file.component()).isEmpty() && !check.runbook().contains("#")) {
                    problems.add(check.id() + ": " + check.runbook() + " is a page without an anchor");
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(books.runbooks().containsKey("prometheus-ready"));
    }

    @Test
    void everyLinkResolvesAndTheIndexLinksEveryPage() {
        Path file = ROOT.resolve(Runbooks.INDEX);
        Assumptions.assumeTrue(Files.exists(file), Runbooks.INDEX + " does not exist yet on this branch");
        Page index = Page.read(ROOT, file);
        Map<String, Page> pages = new LinkedHashMap<>(books.pages());
        pages.put(index.path(), index);
        List<String> problems = new ArrayList<>();
        pages.values().forEach(p -> problems.addAll(links(p, pages)));
        Set<String> linked = linkedPages(index);
        books.pages().keySet().stream().filter(path -> !linked.contains(path)).forEach(path -> problems.add(index.path()
                + " does not link " + path));
        assertEquals(List.of(), problems);
    }

    /** The relative links of a page whose file or anchor does not exist. */
    static List<String> links(Page from, Map<String, Page> pages) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < from.lines().size(); i++) {
            Matcher m = LINK.matcher(from.lines().get(i));
            while (m.find()) {
                String target = m.group(1).isEmpty() ? from.path() : target(from, m.group(1));
                String where = from.path() + ":" + (i + 1) + ": link to " + m.group(1) + (m.group(2) == null ? "" : "#" + m.group(2));
                if (target.endsWith(".md") && pages.containsKey(target)) {
                    if (m.group(2) != null) {
                        resolve(target + "#" + m.group(2), pages).ifPresent(p -> out.add(where + ": " + p));
                    }
                } else if (!Files.exists(ROOT.resolve(target))) {
                    out.add(where + ": no such file " + target);
                }
            }
        }
        return out;
    }

    /** The checkout-relative path a relative link of {@code from} points at. */
    static String target(Page from, String link) {
        Path dir = Path.of(from.path()).getParent();
        return dir.resolve(link).normalize().toString().replace('\\', '/');
    }

    static Set<String> linkedPages(Page index) {
        Set<String> out = new TreeSet<>();
        index.lines().forEach(line -> LINK.matcher(line).results().filter(m -> !m.group(1).isEmpty())
                .forEach(m -> out.add(target(index, m.group(1)))));
        return out;
    }

    @Test
    void aBrokenPageIsNamed() {
        String body = "\n## Meaning\n\nm\n\n## Impact\n\ni\n\n## Diagnosis\n\n```sh\nkubectl get pods\n```\n\n## Mitigation\n\nx\n";
        Page good = Page.parse("runbooks/alerts/Foo.md", "# Foo\n\nFoo fires.\n" + body);
        assertEquals(List.of(), parts(good));
        assertEquals(List.of(), intro(good));
        assertEquals(List.of("runbooks/alerts/Foo.md:1: the first line must be '# Foo'"),
                intro(Page.parse("runbooks/alerts/Foo.md", "# Bar\n\nFoo fires.\n" + body)));
        assertEquals(1, intro(Page.parse("runbooks/alerts/Foo.md", "# Foo\n\nFoo fires.\nIt does.\n" + body)).size());
        assertEquals(1, intro(Page.parse("runbooks/alerts/Foo.md", "# Foo\n" + body)).size());
        assertEquals(List.of("runbooks/alerts/Foo.md:9: '## Impact' is empty"),
                parts(Page.parse("runbooks/alerts/Foo.md", "# Foo\n\nFoo fires.\n" + body.replace("\ni\n", ""))));
        assertEquals(List.of("runbooks/alerts/Foo.md: the level-2 headings are [Meaning, Impact, Diagnosis, Mitigation, See also], "
                + "expected exactly " + Page.PARTS), parts(Page.parse("runbooks/alerts/Foo.md", "# Foo\n\nFoo fires.\n" + body
                + "\n## See also\n\ny\n")));

        Runbooks fixture = new Runbooks(ROOT, Map.of(good.path(), good), Map.of());
        assertEquals(List.of("r.yml: alert Bar: runbook_url runbooks/alerts/Bar.md: no such page",
                "runbooks/alerts/Foo.md: no alert rule of that name"),
                alertPages(Map.of("r.yml: alert Bar", "runbooks/alerts/Bar.md"), fixture));
        assertEquals(List.of(), alertPages(Map.of("r.yml: alert Foo", "runbooks/alerts/Foo.md#diagnosis"), fixture));

        Page index = Page.parse(Runbooks.INDEX, "[a](alerts/Foo.md#impact) [b](alerts/Foo.md#nope) [c](alerts/Gone.md) "
                + "[d](#top) [e](https://example.org/x.md)\n# Top\n");
        Map<String, Page> pages = Map.of(good.path(), good, index.path(), index);
        List<String> broken = links(index, pages);
        assertEquals(2, broken.size(), broken.toString());
        assertTrue(broken.get(0).endsWith("link to alerts/Foo.md#nope: no heading with the anchor #nope"), broken.toString());
        assertTrue(broken.get(1).endsWith("link to alerts/Gone.md: no such file runbooks/alerts/Gone.md"), broken.toString());
        assertEquals(Set.of("runbooks/alerts/Foo.md", "runbooks/alerts/Gone.md"), linkedPages(index));
    }
}
