import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import obs.cli.Cli;
import obs.manifests.ManifestSet;
import obs.manifests.Selection;
import obs.values.Profiles;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

/**
 * Every obs command, values key and runbook that shipped text names exists: what a runbook tells the reader to run
 * at 3 a.m. parses with the current CLI, and a Deployment running the toolkit image runs a command it has. Command
 * lines are taken from code in README.md, runbooks/, checks/ and manifests/ (inline code and fenced blocks, also
 * inside YAML comments). Outside runbooks, a command that does not exist yet may be named on a line that says it
 * is planned; a runbook must say what to do today instead.
 */
class ShippedReferencesTest {
    static final Path ROOT = Path.of("").toAbsolutePath();
    /** JBang's own commands, which the README uses to set up the catalog. */
    static final Set<String> JBANG_COMMANDS = Set.of("app", "alias", "build", "cache", "catalog", "config", "edit", "export",
            "info", "init", "jdk", "run", "template", "trust", "version", "wrapper");
    static final Pattern CODE_SPAN = Pattern.compile("`([^`\n]+)`");
    static final Pattern COMMAND = Pattern.compile("^(?:\\$ )?(?:\\./)?(?:jbang|obs) +(\\S.*)$");
    static final Pattern YAML_KEY = Pattern.compile("[a-z][A-Za-z0-9]*(\\.[A-Za-z0-9-]+)*:");
    static final Pattern DOTTED = Pattern.compile("[a-z][A-Za-z0-9]*(\\.[A-Za-z0-9-]+)+");
    static final ManifestSet SET = ManifestSet.load(ROOT.resolve("manifests"));

    record Mention(Path file, int line, String text, String lineText) {
        String where() {
            return ROOT.relativize(file) + ":" + line + ": `" + text + "`";
        }
    }

    static Set<String> aliases() {
        return Cli.commandLine(new ObsMain()).getSubcommands().keySet();
    }

    static List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        for (String dir : List.of("runbooks", "checks", "manifests")) {
            try (Stream<Path> s = Files.walk(ROOT.resolve(dir))) {
                s.filter(p -> p.toString().matches(".*\\.(md|ya?ml)$")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    /** Code in a file: inline spans everywhere, and whole lines of fenced blocks in Markdown. */
    static List<Mention> code(Path file) throws IOException {
        List<Mention> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (file.toString().endsWith(".md") && line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                String joined = line;
                while (joined.endsWith("\\") && i + 1 < lines.size()) {
                    joined = joined.substring(0, joined.length() - 1) + " " + lines.get(++i).strip();
                }
                out.add(new Mention(file, i + 1, joined.strip(), line));
            } else {
                Matcher m = CODE_SPAN.matcher(line);
                while (m.find()) {
                    out.add(new Mention(file, i + 1, m.group(1).strip(), line));
                }
            }
        }
        return out;
    }

    /** The obs command lines in a piece of code: split at shell operators, comments dropped. */
    static List<List<String>> commands(String code) {
        List<List<String>> out = new ArrayList<>();
        for (String part : code.replaceAll("\\s#.*$", "").split("&&|\\|\\||;|\\|")) {
            Matcher m = COMMAND.matcher(part.strip());
            if (m.matches()) {
                List<String> words = words(m.group(1));
                String alias = words.get(0).replaceFirst("@.*$", "");
                if (!JBANG_COMMANDS.contains(alias) && !alias.startsWith("<") && !alias.startsWith("-")) {
                    words.set(0, alias);
                    out.add(words);
                }
            }
        }
        return out;
    }

    /** Shell words: whitespace-separated, with single and double quotes. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)").matcher(text);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        }
        return out;
    }

    /**
     * Null when the words parse as an obs command line with existing --set keys, else why not. A missing required
     * option is a problem only in a runbook, whose lines are run as written; elsewhere `obs probe serve` names a command.
     */
    static String problem(List<String> words, boolean runnable) {
        if (!aliases().contains(words.get(0))) {
            return "no command '" + words.get(0) + "' (commands: " + aliases() + ")";
        }
        try {
            CommandLine.ParseResult parsed = Cli.commandLine(new ObsMain()).parseArgs(words.toArray(String[]::new));
            for (CommandLine.ParseResult p = parsed.subcommand(); p != null; p = p.subcommand()) {
                if (p.hasMatchedOption("--set")) {
                    for (String set : p.matchedOption("--set").<List<String>>getValue()) {
                        String key = set.split("=", 2)[0];
                        if (!SET.profiles().isKey(key)) {
                            return "--set " + key + ": no such values key";
                        }
                    }
                }
            }
            return null;
        } catch (CommandLine.MissingParameterException e) {
            return runnable ? e.getMessage() : null;
        } catch (CommandLine.ParameterException e) {
            return e.getMessage();
        }
    }

    @Test
    void everyCommandNamedInShippedTextParses() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path file : files()) {
            boolean runbook = file.startsWith(ROOT.resolve("runbooks"));
            for (Mention m : code(file)) {
                for (List<String> words : commands(m.text())) {
                    checked++;
                    String problem = problem(words, runbook);
                    boolean planned = !runbook && !aliases().contains(words.get(0))
                            && m.lineText().toLowerCase(Locale.ROOT).contains("planned");
                    if (problem != null && !planned) {
                        problems.add(m.where() + ": " + problem);
                    }
                }
            }
        }
        assertTrue(checked > 50, "found only " + checked + " command lines: is the extraction broken?");
        assertEquals(List.of(), problems);
    }

    @Test
    void everyValuesKeyARunbookNamesExists() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path file : files()) {
            if (!file.startsWith(ROOT.resolve("runbooks"))) {
                continue;
            }
            for (Mention m : code(file)) {
                String t = m.text();
                boolean yamlKey = YAML_KEY.matcher(t).matches();
                String key = yamlKey ? t.substring(0, t.length() - 1) : t;
                boolean dottedKey = DOTTED.matcher(t).matches() && SET.profiles().isKey(t.split("\\.")[0]);
                if ((yamlKey || dottedKey) && !SET.profiles().isKey(key)) {
                    problems.add(m.where() + ": no such values key");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyRunbookACheckNamesExistsWithItsSection() throws IOException {
        List<String> problems = new ArrayList<>();
        Pattern runbook = Pattern.compile("runbook: *'?([^'#\\s]+)(?:#([^'\\s]+))?'?");
        try (Stream<Path> s = Files.list(ROOT.resolve("checks"))) {
            for (Path file : s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = runbook.matcher(lines.get(i));
                    if (!m.find()) {
                        continue;
                    }
                    Path page = ROOT.resolve(m.group(1));
                    String where = ROOT.relativize(file) + ":" + (i + 1) + ": " + m.group(1);
                    if (!Files.isRegularFile(page)) {
                        problems.add(where + ": no such file");
                    } else if (m.group(2) != null && Files.readAllLines(page).stream()
                            .noneMatch(h -> h.startsWith("#") && slug(h).equals(m.group(2)))) {
                        problems.add(where + "#" + m.group(2) + ": no such section");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    static String slug(String heading) {
        return heading.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }

    /**
     * A container of the toolkit image runs ObsMain with its args: they parse, or the folder is switched off in every
     * shipped profile (its command is not there yet), so that no profile installs a pod that would crash-loop.
     */
    @Test
    void everyToolkitContainerRunsACommandThatExists() throws IOException {
        List<String> profiles = SET.profiles().names();
        Map<String, List<String>> enabledBy = new java.util.TreeMap<>();
        for (String profile : profiles) {
            for (String folder : Selection.folders(SET, SET.profiles().resolve(profile, List.of(), List.of(), null), List.of(), List.of())) {
                enabledBy.computeIfAbsent(folder, f -> new ArrayList<>()).add(profile);
            }
        }
        List<String> problems = new ArrayList<>();
        int containers = 0;
        try (Stream<Path> s = Files.walk(ROOT.resolve("manifests"))) {
            for (Path file : s.filter(p -> p.toString().endsWith(".yaml") && !p.startsWith(ROOT.resolve("manifests/profiles"))).sorted().toList()) {
                for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file))) {
                    for (Map<?, ?> c : toolkitContainers(doc)) {
                        containers++;
                        List<String> words = new ArrayList<>();
                        for (String key : List.of("command", "args")) {
                            if (c.get(key) instanceof List<?> l) {
                                l.forEach(w -> words.add(String.valueOf(w)));
                            }
                        }
                        String folder = ROOT.resolve("manifests").relativize(file).getName(0).toString();
                        String problem = words.isEmpty() ? "no command" : problem(words, true);
                        if (problem != null && enabledBy.containsKey(folder)) {
                            problems.add(ROOT.relativize(file) + ": container " + c.get("name") + " runs " + words
                                    + ": " + problem + ", yet profiles " + enabledBy.get(folder) + " install it");
                        }
                    }
                }
            }
        }
        assertTrue(containers >= 2, "found only " + containers + " toolkit containers");
        assertEquals(List.of(), problems);
    }

    static List<Map<?, ?>> toolkitContainers(Object node) {
        List<Map<?, ?>> out = new ArrayList<>();
        if (node instanceof Map<?, ?> m) {
            for (String key : List.of("containers", "initContainers")) {
                if (m.get(key) instanceof List<?> l) {
                    l.stream().filter(c -> c instanceof Map<?, ?> cm && String.valueOf(cm.get("image")).contains("obs-toolkit/obs"))
                            .forEach(c -> out.add((Map<?, ?>) c));
                }
            }
            m.values().forEach(v -> out.addAll(toolkitContainers(v)));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> out.addAll(toolkitContainers(v)));
        }
        return out;
    }
}
