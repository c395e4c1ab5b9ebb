package obs.runbook;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import obs.access.AccessOptions;
import obs.access.Endpoints;
import obs.access.EndpointsFile;
import obs.access.StackAccess;
import obs.cli.Console;
import obs.cli.KubeOptions;
import obs.core.Exit;
import obs.core.ObsException;
import obs.runbook.Step.Run;
import obs.runbook.Step.Skip;
import obs.runbook.Step.Tool;
import obs.runbook.StepRunner.Outcome;
import obs.runbook.StepRunner.Status;
import obs.stack.Component;
import obs.stack.Stack;

/**
 * {@code runbook NAME}: runs the read-only Diagnosis steps of one runbook in order, shows each command and its result
 * as it finishes, goes on after a failing step, and writes the evidence bundle.
 */
public final class RunbookRun {
    private static final Pattern NAMESPACE = Pattern.compile("\\bNAMESPACE\\b");
    private static final Pattern COMPONENT = Pattern.compile("\\bCOMPONENT\\b");

    /** One step of the run, as shown and recorded. */
    public record StepResult(int number, int line, String command, Status status, Integer exit, Long millis, String output, String note) {
        boolean failed() {
            return status == Status.FAILED || status == Status.TIMED_OUT;
        }
    }

    /**
     * A finished run.
     *
     * @param where     "namespace NS", "sandbox DIR" or "endpoints", for the reader
     * @param alert     the alert's state in Alertmanager (alert runbooks), else null
     * @param evidence  where the bundle was written, or null
     */
    public record Result(String runbook, Runbook.Kind kind, String page, String where, String alert, List<StepResult> steps,
                         String evidence, List<String> mitigation) {
        public int exit() {
            return steps.stream().anyMatch(StepResult::failed) ? Exit.PROBLEM.code : Exit.OK.code;
        }
    }

    /**
     * Where the steps run.
     *
     * @param access    how to reach the stack, or null when it could not be opened (then {@code problem} says why)
     * @param namespace the NAMESPACE placeholder's value
     * @param stateDir  the sandbox's state folder in sandbox mode (not known with only --endpoints-file), else null
     * @param clusterArgs --kubeconfig/--context as given, passed on to kubectl and to obs commands that take them
     * @param accessArgs  how this run reaches the stack (endpoints file, --endpoint overrides, --via), passed on to
     *                    check-services steps so they look where the runbook looks
     */
    public record Target(StackAccess access, String problem, String namespace, Path stateDir, List<String> clusterArgs,
                         List<String> accessArgs) implements AutoCloseable {
        /**
         * Opens access to the stack as check-services does; a cluster that does not answer is a warning, not the end:
         * the steps still run and say what they find.
         */
        public static Target open(KubeOptions kube, String positionalNamespace, AccessOptions options, Console console) {
            List<String> clusterArgs = new ArrayList<>();
            if (kube.kubeconfig != null) {
                clusterArgs.addAll(List.of("--kubeconfig", kube.kubeconfig));
            }
            if (kube.context != null) {
                clusterArgs.addAll(List.of("--context", kube.context));
            }
            Path file = EndpointsFile.chosen(options.endpointsFile, options.stateDir, options.sandbox);
            Path stateDir = options.sandboxState();
            List<String> accessArgs = new ArrayList<>();
            if (file != null) {
                accessArgs.addAll(List.of("--endpoints-file", file.toAbsolutePath().toString()));
            }
            options.endpoints.forEach(e -> accessArgs.addAll(List.of("--endpoint", e.component() + "=" + e.url())));
            if (file == null && options.via != Endpoints.Via.portForward) {
                accessArgs.addAll(List.of("--via", options.via.toString()));
            }
            String namespace = kube.namespace(positionalNamespace);
            try {
                return new Target(options.open(kube, positionalNamespace), null, namespace, stateDir, clusterArgs, accessArgs);
            } catch (ObsException e) {
                if (e.exit() != Exit.UNREACHABLE) {
                    throw e;
                }
                console.warn(e.getMessage() + "; running the steps anyway");
                return new Target(null, e.getMessage(), namespace, stateDir, clusterArgs, accessArgs);
            }
        }

        @Override
        public void close() {
            if (access != null) {
                access.close();
            }
        }

        boolean cluster() {
            return access == null ? stateDir == null && !accessArgs.contains("--endpoints-file") : access.mode() == StackAccess.Mode.CLUSTER;
        }

        String where() {
            return stateDir != null ? "sandbox " + stateDir : cluster() ? "namespace " + namespace : "endpoints";
        }
    }

    private RunbookRun() {
    }

    /** Runs {@code runbook}'s Diagnosis; evidence null for no bundle. */
    public static Result run(Runbook runbook, Catalog catalog, Target target, StepRunner runner, Evidence evidence, Console console) {
        List<Page.Command> commands = runbook.diagnosis();
        if (!console.json()) {
            console.line("runbook " + runbook.name() + " (" + runbook.kind() + "): " + runbook.ref() + ", " + target.where());
        }
        String alert = null;
        Set<String> components = new LinkedHashSet<>();
        if (runbook.component() != null) {
            components.add(runbook.component());
        }
        if (runbook.kind() == Runbook.Kind.ALERT) {
            Observed.Alert a = target.access() == null ? new Observed.Alert(null, "unknown: " + target.problem())
                    : Observed.alert(target.access().endpoints(), runbook.name());
            alert = a.text();
            // A label such as job="loki" names a component whose pods the bundle should show.
            a.labels().values().stream().filter(v -> Stack.find(v).isPresent()).forEach(components::add);
            if (a.json() != null && evidence != null) {
                evidence.add("alert.json", a.json(), "the alert as Alertmanager has it now (GET /api/v2/alerts)");
            }
            if (!console.json()) {
                console.line("alert: " + alert);
            }
        }
        List<StepResult> results = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            Page.Command c = commands.get(i);
            String line = NAMESPACE.matcher(c.text()).replaceAll(target.namespace());
            Step step = adapt(line, runbook, catalog, target);
            mentioned(step.line(), components);
            String head = "[" + (i + 1) + "/" + commands.size() + "] $ " + step.line();
            StepResult r;
            if (step instanceof Run run) {
                if (!console.json()) {
                    console.line(head);
                }
                Outcome o = runner.run(run);
                r = new StepResult(i + 1, c.line(), step.line(), o.status(), o.exit(), o.millis(), o.output(), null);
                if (!console.json()) {
                    o.output().lines().forEach(l -> console.line("    " + l));
                    console.line("    " + o.status() + (o.exit() == null ? "" : ": exit " + o.exit()) + " in " + seconds(o.millis()));
                }
            } else {
                Skip skip = (Skip) step;
                r = new StepResult(i + 1, c.line(), step.line(), Status.NOT_RUN, null, null, null, skip.verdict());
                if (!console.json()) {
                    console.line(head);
                    console.line("    " + skip.verdict());
                }
            }
            results.add(r);
        }
        if (evidence != null) {
            addServers(target, components, evidence);
        }
        List<String> mitigation = runbook.mitigation();
        Result result = new Result(runbook.name(), runbook.kind(), runbook.ref(), target.where(), alert, results,
                evidence == null ? null : evidence.target().toString(), mitigation);
        if (evidence != null) {
            Summary.bundle(result, target, evidence);
        }
        render(result, console);
        return result;
    }

    /** The events and log tails of the components involved: their pods in a cluster, their processes in the sandbox. */
    private static void addServers(Target target, Set<String> components, Evidence evidence) {
        if (target.cluster() && target.access() != null) {
            for (String component : components) {
                Observed.pods(target.access().kube(), target.namespace(), component).forEach((file, text) ->
                        evidence.add("kubernetes/" + component + "/" + file, text, file.equals("events.txt")
                                ? "events of " + component + "'s pods" : "the last " + Observed.LOG_LINES + " log lines of " + file.replaceFirst("\\.log$", "")));
            }
        }
        if (target.stateDir() != null) {
            var servers = EndpointsFile.read(EndpointsFile.in(target.stateDir())).components();
            for (String component : components) {
                var entry = servers.get(component);
                if (entry != null && entry.log() != null) {
                    evidence.add("sandbox/" + component + ".log", Observed.tail(Path.of(entry.log())),
                            "the last " + Observed.LOG_LINES + " lines of the sandbox's " + component + " log");
                }
            }
        }
    }

    /** Substitutes COMPONENT, judges the line, and fits it to where the stack is. */
    static Step adapt(String line, Runbook runbook, Catalog catalog, Target target) {
        if (COMPONENT.matcher(line).find()) {
            if (runbook.component() == null) {
                return new Skip(line, false, "needs COMPONENT, which only a check's runbook sets");
            }
            line = COMPONENT.matcher(line).replaceAll(runbook.component());
        }
        Step step = ReadOnly.judge(line, catalog.aliases().keySet());
        if (!(step instanceof Run run)) {
            return step;
        }
        boolean install = run.tool() == Tool.OBS && (run.alias().equals("install") || run.alias().equals("discover"));
        if (!target.cluster() && (run.tool() == Tool.KUBECTL || install)) {
            return new Skip(line, false, "no Kubernetes in the " + (target.stateDir() != null ? "sandbox" : "endpoints mode"));
        }
        List<String> extra = new ArrayList<>();
        if (run.tool() == Tool.OBS && run.alias().equals("sandbox")) {
            if (target.stateDir() == null) {
                return new Skip(line, false, "the sandbox's state folder is not known (give --state-dir or --sandbox)");
            }
            extra.addAll(List.of("--state-dir", target.stateDir().toString()));
        }
        if (run.tool() == Tool.OBS && run.alias().equals("check-services")) {
            extra.addAll(target.accessArgs());
        }
        if (run.tool() == Tool.OBS && target.cluster() && (run.alias().equals("check-services") || install)) {
            extra.addAll(target.clusterArgs());
        }
        if (extra.isEmpty()) {
            return run;
        }
        List<List<String>> stages = new ArrayList<>(run.stages());
        List<String> first = new ArrayList<>(stages.getFirst());
        first.addAll(extra);
        stages.set(0, first);
        return new Run(line + " " + String.join(" ", extra), run.tool(), stages);
    }

    /** The stack's components a command names, whose pods the bundle records. */
    private static void mentioned(String line, Set<String> components) {
        for (Component c : Stack.COMPONENTS) {
            if (Pattern.compile("(?<![a-z0-9-])" + Pattern.quote(c.name()) + "(?![a-z0-9-])").matcher(line).find()) {
                components.add(c.name());
            }
        }
    }

    static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static void render(Result r, Console console) {
        if (console.json()) {
            console.json(r);
        } else if (!r.mitigation().isEmpty()) {
            console.line("Mitigation (for a person: nothing below was run):");
            r.mitigation().forEach(l -> console.line(l.isBlank() ? "" : "    " + l));
        }
        long ran = r.steps().stream().filter(s -> s.status() != Status.NOT_RUN).count();
        List<String> failed = r.steps().stream().filter(StepResult::failed).map(s -> Integer.toString(s.number())).toList();
        long skipped = r.steps().size() - ran;
        console.info(r.steps().size() + " steps: " + (ran - failed.size()) + " passed, " + failed.size() + " failed"
                + (failed.isEmpty() ? "" : " (step " + String.join(", ", failed) + ")") + ", " + skipped + " not run");
        if (ran == 0) {
            console.warn("no step of " + r.page() + " could run here");
        }
        if (r.evidence() != null) {
            console.info("evidence: " + r.evidence());
        }
    }
}
