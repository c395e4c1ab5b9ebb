package obs.runbook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import obs.checks.Check;
import obs.checks.CheckFile;
import obs.core.EditDistance;
import obs.core.ObsException;

/**
 * Every runbook of a checkout: alert pages (runbooks/alerts/ALERT.md), incident pages (runbooks/incidents/SLUG.md)
 * and the checks' sections, found through checks/*.yaml as check-services loads them (a check's runbook defaults to
 * runbooks/checks/COMPONENT.md#ID).
 *
 * @param root  the checkout
 * @param pages every page under runbooks/ except the index, by path
 * @param runbooks alert, incident and check runbooks, by name
 */
public record Runbooks(Path root, Map<String, Page> pages, Map<String, Runbook> runbooks) {
    public static final String INDEX = "runbooks/README.md";

    /** Loads the pages and the checks of a checkout. */
    public static Runbooks load(Path root) {
        Map<String, Page> pages = new LinkedHashMap<>();
        Path dir = root.resolve("runbooks");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                    Page page = Page.read(root, f);
                    if (!page.path().equals(INDEX)) {
                        pages.put(page.path(), page);
                    }
                }
            } catch (IOException e) {
                throw ObsException.usage("cannot list " + dir + ": " + e.getMessage());
            }
        }
        Map<String, Runbook> runbooks = new LinkedHashMap<>();
        pages.values().stream().filter(p -> p.path().startsWith("runbooks/alerts/") || p.path().startsWith("runbooks/incidents/"))
                .flatMap(p -> of(p).stream()).forEach(r -> runbooks.put(r.name(), r));
        for (CheckFile file : checkFiles(root)) {
            for (Check check : file.checks()) {
                checkRunbook(pages, check, file.component()).ifPresent(r -> runbooks.putIfAbsent(check.id(), r));
            }
        }
        return new Runbooks(root, pages, runbooks);
    }

    /**
     * The runbooks a page holds, whether or not anything links to them: each level-2 section of a check page (named
     * by its anchor), else the whole page (named by its file): an alert page under alerts/, any other an incident.
     */
    public static List<Runbook> of(Page page) {
        String stem = page.path().substring(page.path().lastIndexOf('/') + 1).replaceFirst("\\.md$", "");
        if (page.path().startsWith("runbooks/checks/")) {
            return page.children(null).stream().map(h -> new Runbook(h.anchor(), Runbook.Kind.CHECK, page, h, null)).toList();
        }
        return List.of(new Runbook(stem, page.path().startsWith("runbooks/alerts/") ? Runbook.Kind.ALERT : Runbook.Kind.INCIDENT,
                page, null, null));
    }

    /** Every checks file of the checkout, loaded and validated as check-services does. */
    public static List<CheckFile> checkFiles(Path root) {
        Path dir = root.resolve("checks");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().map(CheckFile::load).toList();
        } catch (IOException e) {
            throw ObsException.usage("cannot list " + dir + ": " + e.getMessage());
        }
    }

    /** A check's runbook, when its page and anchor exist. */
    static Optional<Runbook> checkRunbook(Map<String, Page> pages, Check check, String component) {
        String[] ref = check.runbook().split("#", 2);
        Page page = pages.get(ref[0]);
        if (page == null) {
            return Optional.empty();
        }
        if (ref.length == 1) {
            return Optional.of(new Runbook(check.id(), Runbook.Kind.CHECK, page, null, component));
        }
        return page.section(ref[1]).map(h -> new Runbook(check.id(), Runbook.Kind.CHECK, page, h, component));
    }

    /** The runbook of an alert, incident or check; an unknown name is a usage error naming it, with close names. */
    public Runbook find(String name) {
        Runbook r = runbooks.get(name);
        if (r != null) {
            return r;
        }
        for (CheckFile file : checkFiles(root)) {
            for (Check check : file.checks()) {
                if (check.id().equals(name)) {
                    throw ObsException.usage("check " + name + " names the runbook " + check.runbook() + ", which does not exist");
                }
            }
        }
        List<String> close = suggestions(name);
        throw ObsException.usage("unknown alert or check '" + name + "': no runbooks/alerts/" + name + ".md, no incident page and no check "
                + "with that id" + (close.isEmpty() ? " (see 'runbook --list')" : "; did you mean " + String.join(", ", close) + "?"));
    }

    /** Up to three known names closest to {@code name} (edit distance, case ignored). */
    List<String> suggestions(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        int limit = Math.max(2, wanted.length() / 3);
        return runbooks.keySet().stream()
                .map(n -> Map.entry(n, EditDistance.between(wanted, n.toLowerCase(Locale.ROOT))))
                .filter(e -> e.getValue() <= limit || e.getKey().toLowerCase(Locale.ROOT).contains(wanted))
                .sorted(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .limit(3).map(Map.Entry::getKey).toList();
    }

    /** The runbooks for --list: alerts, incidents, then checks, each by name. */
    public List<Runbook> list() {
        List<Runbook> all = new ArrayList<>(runbooks.values());
        all.sort(Comparator.comparing(Runbook::kind).thenComparing(Runbook::name));
        return all;
    }
}
