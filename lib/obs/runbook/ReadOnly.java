package obs.runbook;

import java.util.List;
import java.util.Set;
import obs.runbook.Step.Run;
import obs.runbook.Step.Skip;
import obs.runbook.Step.Tool;

/**
 * The strict allowlist of what the runbook command runs: obs commands that only read, kubectl with read-only
 * verbs, curl and wget GETs, and text filters after a pipe. Whatever is not on it is never run. The list is
 * closed on purpose: a new read-only command must be added here, not guessed.
 */
public final class ReadOnly {
    /** kubectl verbs that only read. */
    static final Set<String> KUBECTL_VERBS = Set.of("get", "describe", "logs", "top", "events", "explain", "api-resources",
            "api-versions", "version", "cluster-info");
    /** kubectl verbs that change the cluster (said so rather than "not on the list"). */
    static final Set<String> KUBECTL_WRITES = Set.of("apply", "create", "delete", "edit", "patch", "replace", "scale", "set",
            "label", "annotate", "drain", "cordon", "uncordon", "taint", "run", "expose", "autoscale", "rollout", "cp", "exec",
            "debug", "attach", "certificate");
    /** kubectl global flags that take the next word as their value. */
    static final Set<String> KUBECTL_VALUE_FLAGS = Set.of("-n", "--namespace", "--context", "--kubeconfig", "--cluster", "--user",
            "-s", "--server", "--request-timeout", "-l", "--selector", "-o", "--output", "-c", "--container", "--tail",
            "--since", "--field-selector", "--sort-by", "--timeout");
    /** Programs allowed after a pipe: they only read their input. */
    static final Set<String> FILTERS = Set.of("tail", "head", "grep", "wc", "sort", "uniq", "cut");
    private static final Set<String> CURL_FLAGS = Set.of("--silent", "--show-error", "--fail", "--fail-with-body", "--location",
            "--insecure", "--verbose", "--include", "--head", "--get", "--globoff", "--compressed");
    private static final String CURL_LETTERS = "sSfLkviIGg";
    private static final Set<String> CURL_VALUE_FLAGS = Set.of("-m", "--max-time", "--connect-timeout", "-H", "--header",
            "-w", "--write-out", "--data-urlencode", "-X", "--request");

    private ReadOnly() {
    }

    /**
     * Judges one Diagnosis line (placeholders already substituted).
     *
     * @param aliases the aliases of jbang-catalog.json
     */
    public static Step judge(String line, Set<String> aliases) {
        List<List<String>> stages;
        try {
            stages = ShellWords.stages(line);
        } catch (ShellWords.Syntax e) {
            return new Skip(line, false, "uses shell syntax the runbook command does not run: " + e.getMessage());
        }
        for (List<String> filter : stages.subList(1, stages.size())) {
            String why = filter(filter);
            if (why != null) {
                return new Skip(line, why.startsWith("writes"), why);
            }
        }
        List<String> first = stages.getFirst();
        return switch (first.getFirst()) {
            case "jbang", "./jbang" -> obs(line, first, stages, aliases);
            case "kubectl" -> kubectl(line, first, stages);
            case "curl" -> curl(line, first, stages);
            case "wget" -> wget(line, first, stages);
            default -> new Skip(line, false, first.getFirst() + " is not on the read-only list");
        };
    }

    private static String filter(List<String> words) {
        String program = words.getFirst();
        if (!FILTERS.contains(program)) {
            return program + " after a pipe is not a read-only filter";
        }
        if (program.equals("sort") && words.stream().anyMatch(w -> w.startsWith("-o") || w.startsWith("--output"))) {
            return "writes a file (sort -o)";
        }
        if (program.equals("uniq") && words.stream().skip(1).anyMatch(w -> !w.startsWith("-"))) {
            return "writes a file (uniq OUTPUT)";
        }
        return null;
    }

    private static Step obs(String line, List<String> words, List<List<String>> stages, Set<String> aliases) {
        if (words.size() < 2) {
            return new Skip(line, false, "jbang without a command");
        }
        String alias = words.get(1).replaceFirst("@.*$", "");
        List<String> args = words.subList(2, words.size());
        if (!aliases.contains(alias)) {
            return new Skip(line, false, "'" + alias + "' is not an obs command (not in jbang-catalog.json)");
        }
        String why = switch (alias) {
            case "check-services" -> args.contains("--watch") ? "never ends (--watch)" : null;
            case "probe" -> args.contains("serve") ? "never ends (probe serve is a server)" : null;
            case "discover" -> args.contains("--watch") ? "never ends (--watch)"
                    : args.contains("--apply") ? "changes state (--apply writes prometheus-discovered)" : null;
            case "sandbox" -> args.isEmpty() || !args.getFirst().equals("status") ? "changes state (only 'sandbox status' reads)" : null;
            case "install" -> args.stream().anyMatch(a -> a.startsWith("--output-dir")) ? "changes state (writes files)"
                    : args.stream().anyMatch(a -> a.equals("--check") || a.equals("--diff") || a.equals("--dry-run")) ? null
                    : "changes state (install applies manifests)";
            default -> "changes state or is not known to only read ('" + alias + "')";
        };
        if (why != null) {
            return new Skip(line, why.startsWith("changes state"), why.replaceFirst("^changes state \\((.*)\\)$", "$1"));
        }
        List<String> normal = new java.util.ArrayList<>(List.of("jbang", alias));
        normal.addAll(args);
        List<List<String>> all = new java.util.ArrayList<>(stages);
        all.set(0, normal);
        return new Run(line, Tool.OBS, all);
    }

    private static Step kubectl(String line, List<String> words, List<List<String>> stages) {
        int i = 1;
        while (i < words.size() && words.get(i).startsWith("-")) {
            i += KUBECTL_VALUE_FLAGS.contains(words.get(i)) ? 2 : 1;
        }
        if (i >= words.size()) {
            return new Skip(line, false, "kubectl without a verb");
        }
        String verb = words.get(i);
        String next = i + 1 < words.size() ? words.get(i + 1) : "";
        boolean readOnly = KUBECTL_VERBS.contains(verb) || verb.equals("rollout") && Set.of("status", "history").contains(next)
                || verb.equals("auth") && Set.of("can-i", "whoami").contains(next);
        if (!readOnly) {
            boolean writes = KUBECTL_WRITES.contains(verb) || verb.equals("auth");
            return new Skip(line, writes, writes ? "kubectl " + verb : "kubectl " + verb + " is not a read-only verb");
        }
        if (verb.equals("cluster-info") && words.stream().anyMatch(w -> w.equals("--output-directory") || w.startsWith("--output-directory="))) {
            return new Skip(line, true, "writes files (--output-directory)");
        }
        if (words.stream().anyMatch(w -> Set.of("-w", "--watch", "--watch-only", "-f", "--follow").contains(w) || w.startsWith("--watch="))) {
            return new Skip(line, false, "never ends (watch or follow)");
        }
        if (verb.equals("get") && words.stream().anyMatch(w -> w.matches("(?i)secrets?(/.*)?|.*,secrets?(,.*)?"))) {
            return new Skip(line, false, "would print Secret values");
        }
        return new Run(line, Tool.KUBECTL, stages);
    }

    private static Step curl(String line, List<String> words, List<List<String>> stages) {
        boolean get = false;
        boolean urlEncoded = false;
        boolean url = false;
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            String flag = w.contains("=") && w.startsWith("--") ? w.substring(0, w.indexOf('=')) : w;
            if (CURL_VALUE_FLAGS.contains(flag)) {
                String value = w.equals(flag) ? (i + 1 < words.size() ? words.get(++i) : "") : w.substring(flag.length() + 1);
                if ((flag.equals("-X") || flag.equals("--request")) && !Set.of("GET", "HEAD").contains(value)) {
                    return new Skip(line, true, "curl -X " + value);
                }
                urlEncoded |= flag.equals("--data-urlencode");
            } else if (CURL_FLAGS.contains(w) || w.matches("-[" + CURL_LETTERS + "]+")) {
                get |= w.equals("--get") || w.matches("-[^-]*G.*");
            } else if (w.startsWith("http://") || w.startsWith("https://")) {
                url = true;
            } else if (w.startsWith("-d") || w.startsWith("--data") || w.startsWith("-F") || w.startsWith("--form")
                    || w.startsWith("-T") || w.startsWith("--upload") || w.equals("--json")) {
                return new Skip(line, true, "curl sends data (" + w + ")");
            } else {
                return new Skip(line, false, "curl option or argument " + w + " is not on the read-only list");
            }
        }
        if (urlEncoded && !get) {
            return new Skip(line, true, "curl --data-urlencode without -G sends a POST");
        }
        return url ? new Run(line, Tool.HTTP, stages) : new Skip(line, false, "curl without an http(s) URL");
    }

    private static Step wget(String line, List<String> words, List<List<String>> stages) {
        boolean stdout = false;
        boolean url = false;
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("-O") && i + 1 < words.size() && words.get(i + 1).equals("-")) {
                stdout = true;
                i++;
            } else if (w.equals("-O-") || w.equals("--output-document=-") || w.equals("-qO-") || w.equals("--spider")) {
                stdout = true;
            } else if (w.startsWith("http://") || w.startsWith("https://")) {
                url = true;
            } else if (w.startsWith("--post") || w.startsWith("--method") || w.startsWith("--body")) {
                return new Skip(line, true, "wget sends data (" + w + ")");
            } else if (!(Set.of("-q", "--quiet", "-S", "--server-response").contains(w) || w.startsWith("--timeout=")
                    || w.startsWith("--header="))) {
                return new Skip(line, false, "wget option or argument " + w + " is not on the read-only list");
            }
        }
        if (!stdout) {
            return new Skip(line, true, "wget without -O - writes a file");
        }
        return url ? new Run(line, Tool.HTTP, stages) : new Skip(line, false, "wget without an http(s) URL");
    }
}
