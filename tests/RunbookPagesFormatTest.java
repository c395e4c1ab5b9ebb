import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runbook pages keep the shape on-call and the runbook command rely on: alert and incident pages have a title, a
 * one-line summary and the four level-2 headings in order; every Diagnosis step is a read-only command with only the
 * NAMESPACE (and, on generic check pages, COMPONENT) placeholder; runbooks/README.md links every page; every relative
 * link between pages resolves, anchors included.
 */
class RunbookPagesFormatTest {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path RUNBOOKS = ROOT.resolve("runbooks");
    static final List<String> HEADINGS = List.of("## Meaning", "## Impact", "## Diagnosis", "## Mitigation");
    static final Set<String> GENERIC_CHECK_PAGES = Set.of("rollout.md", "pods.md", "pvc.md", "http.md", "promql.md");
    static final Set<String> KUBECTL_READS = Set.of("get", "describe", "logs", "top", "events", "api-resources", "version");
    static final Set<String> KUBECTL_GLOBAL_WITH_VALUE = Set.of("-n", "--namespace", "--context", "--kubeconfig");
    static final Pattern PLACEHOLDER = Pattern.compile("\\b[A-Z][A-Z0-9_]{2,}\\b");
    static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+\\.md)(?:#([^)\\s]+))?\\)");

    static List<Path> pages(String folder) throws IOException {
        try (Stream<Path> s = Files.list(RUNBOOKS.resolve(folder))) {
            return s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
    }

    static List<Path> allPages() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String folder : List.of("alerts", "incidents", "checks")) {
            out.addAll(pages(folder));
        }
        return out;
    }

    static String rel(Path p) {
        return ROOT.relativize(p).toString();
    }

    @Test
    void alertAndIncidentPagesHaveTitleSummaryAndTheFourHeadingsInOrder() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> pages = new ArrayList<>(pages("alerts"));
        pages.addAll(pages("incidents"));
        assertTrue(pages.size() >= 40, "found only " + pages.size() + " pages");
        for (Path page : pages) {
            List<String> lines = Files.readAllLines(page);
            boolean alert = page.getParent().endsWith("alerts");
            String name = page.getFileName().toString().replaceFirst("\\.md$", "");
            if (alert ? !lines.get(0).equals("# " + name) : !lines.get(0).startsWith("# ")) {
                problems.add(rel(page) + ": first line must be '# " + (alert ? name : "Title") + "'");
            }
            if (lines.size() < 4 || !lines.get(1).isEmpty() || lines.get(2).isBlank() || lines.get(2).startsWith("#")
                    || !lines.get(3).isEmpty()) {
                problems.add(rel(page) + ": the title must be followed by a one-line summary paragraph");
            }
            List<String> headings = lines.stream().filter(l -> l.startsWith("## ")).toList();
            if (!headings.equals(HEADINGS)) {
                problems.add(rel(page) + ": level-2 headings are " + headings + ", expected " + HEADINGS);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void diagnosisStepsAreReadOnlyCommandsWithKnownPlaceholders() throws IOException {
        List<String> problems = new ArrayList<>();
        int steps = 0;
        for (Path page : allPages()) {
            boolean generic = page.getParent().endsWith("checks") && GENERIC_CHECK_PAGES.contains(page.getFileName().toString());
            for (Step step : diagnosisSteps(page)) {
                steps++;
                String problem = problem(step.command(), generic);
                if (problem != null) {
                    problems.add(rel(page) + ":" + step.line() + ": " + problem + ": " + step.command());
                }
            }
        }
        assertTrue(steps > 150, "found only " + steps + " diagnosis steps: is the extraction broken?");
        assertEquals(List.of(), problems);
    }

    @Test
    void theReadOnlyRuleRejectsWhatChangesTheCluster() {
        assertEquals(null, problem("kubectl -n NAMESPACE rollout status statefulset/prometheus", false));
        assertEquals(null, problem("jbang install NAMESPACE --diff", false));
        assertEquals(null, problem("curl -s http://prometheus:9090/-/ready", false));
        assertEquals(null, problem("curl -sG http://prometheus:9090/api/v1/query --data-urlencode 'query=up == 0'", false));
        for (String mutating : List.of("kubectl -n NAMESPACE delete pod x", "kubectl rollout restart deployment/x",
                "kubectl exec -it x -- ls", "jbang install NAMESPACE", "jbang probe serve", "jbang sandbox up",
                "curl -X POST http://prometheus:9090/-/reload", "curl --data x=1 http://h/", "wget --post-data=x http://h/",
                "curl -G -X DELETE http://h/",
                "kubectl get pods | head", "rm -rf /var/lib/x")) {
            assertTrue(problem(mutating, false) != null, mutating + " passed as read-only");
        }
        assertTrue(problem("kubectl describe node NODE", false).contains("NODE"));
        assertTrue(problem("kubectl get pods -l app.kubernetes.io/name=COMPONENT", false).contains("COMPONENT"));
        assertEquals(null, problem("kubectl get pods -l app.kubernetes.io/name=COMPONENT", true));
    }

    @Test
    void theIndexLinksEveryPageAndEveryLinkResolves() throws IOException {
        List<String> problems = new ArrayList<>();
        Path index = RUNBOOKS.resolve("README.md");
        Set<Path> linked = new java.util.HashSet<>();
        List<Path> sources = new ArrayList<>(allPages());
        sources.add(index);
        for (Path page : sources) {
            List<String> lines = Files.readAllLines(page);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = LINK.matcher(lines.get(i));
                while (m.find()) {
                    Path target = page.getParent().resolve(m.group(1)).normalize();
                    if (page.equals(index)) {
                        linked.add(target);
                    }
                    if (!Files.isRegularFile(target)) {
                        problems.add(rel(page) + ":" + (i + 1) + ": no page " + m.group(1));
                    } else if (m.group(2) != null && Files.readAllLines(target).stream()
                            .noneMatch(h -> h.startsWith("#") && ShippedReferencesTest.slug(h).equals(m.group(2)))) {
                        problems.add(rel(page) + ":" + (i + 1) + ": no section #" + m.group(2) + " in " + m.group(1));
                    }
                }
            }
        }
        for (Path page : allPages()) {
            if (!linked.contains(page)) {
                problems.add("runbooks/README.md does not link " + rel(page));
            }
        }
        assertEquals(List.of(), problems);
    }

    record Step(int line, String command) {
    }

    /** The command lines in the ```sh blocks of a page's Diagnosis section(s) (level 2, or level 3 on check pages). */
    static List<Step> diagnosisSteps(Path page) throws IOException {
        List<Step> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(page);
        boolean inDiagnosis = false;
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!fenced && line.startsWith("#")) {
                inDiagnosis = line.matches("#{2,3} Diagnosis");
            } else if (line.strip().startsWith("```")) {
                fenced = !fenced;
            } else if (fenced && inDiagnosis && !line.isBlank() && !line.strip().startsWith("#")) {
                out.add(new Step(i + 1, line.strip()));
            }
        }
        return out;
    }

    /** Null when the command is one the conventions allow in a Diagnosis step, else why not. */
    static String problem(String command, boolean generic) {
        String unquoted = command.replaceAll("'[^']*'|\"[^\"]*\"", "''");
        if (unquoted.matches(".*(\\||;|&|>|<|`|\\$\\().*")) {
            return "one command per line, no shell operators";
        }
        // A PromQL query may hold upper-case words of its own (ALERTS, STATUS_CODE_ERROR): they are not placeholders.
        Matcher p = PLACEHOLDER.matcher(command.replaceAll("query=\\S*", "query=").replaceAll("[\"']", " "));
        while (p.find()) {
            String word = p.group();
            if (!word.equals("NAMESPACE") && !(generic && word.equals("COMPONENT"))) {
                return "placeholder " + word + " is not substituted (only NAMESPACE" + (generic ? " and COMPONENT" : "") + ")";
            }
        }
        List<String> words = ShippedReferencesTest.words(command);
        String tool = words.get(0);
        List<String> args = words.subList(1, words.size());
        return switch (tool) {
            case "jbang" -> jbangProblem(args);
            case "kubectl" -> kubectlProblem(args);
            case "curl" -> curlProblem(args);
            case "wget" -> args.stream().anyMatch(a -> a.startsWith("--post") || a.startsWith("--method") || a.startsWith("--body"))
                    ? "wget may only GET" : null;
            default -> "not an obs command, kubectl, curl or wget";
        };
    }

    /** curl sends data only with -G (as a query string); any other method, body or upload is refused. */
    static String curlProblem(List<String> args) {
        boolean get = args.stream().anyMatch(a -> a.equals("--get") || a.matches("-[a-zA-Z]*G[a-zA-Z]*"));
        for (String a : args) {
            if (a.matches("-X.*|--request|-F|--form.*|-T|--upload-file|--json") || !get && a.matches("-d|--data.*")) {
                return "curl may only GET";
            }
        }
        return null;
    }

    static String jbangProblem(List<String> args) {
        String command = args.isEmpty() ? "" : args.get(0);
        return switch (command) {
            case "check-services" -> null;
            case "probe" -> args.size() > 1 && args.get(1).equals("serve") ? "probe serve runs a server" : null;
            case "sandbox" -> args.size() > 1 && args.get(1).equals("status") ? null : "only sandbox status is read-only";
            case "install" -> args.stream().anyMatch(a -> a.equals("--check") || a.equals("--diff") || a.equals("--dry-run"))
                    ? null : "install only with --check, --diff or --dry-run";
            default -> "jbang " + command + " is not a read-only obs command";
        };
    }

    static String kubectlProblem(List<String> args) {
        List<String> verbs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (KUBECTL_GLOBAL_WITH_VALUE.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                verbs.add(a);
                if (verbs.size() == 2) {
                    break;
                }
            }
        }
        String verb = verbs.isEmpty() ? "" : verbs.get(0);
        String sub = verbs.size() > 1 ? verbs.get(1) : "";
        boolean ok = KUBECTL_READS.contains(verb) || verb.equals("rollout") && sub.equals("status")
                || verb.equals("auth") && sub.equals("can-i");
        return ok ? null : "kubectl " + verb + " is not read-only";
    }
}
