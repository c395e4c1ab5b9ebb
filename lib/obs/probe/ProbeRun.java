package obs.probe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import obs.cli.Console;
import obs.cli.RepoRoot;
import obs.core.Durations;
import obs.core.Exit;
import obs.core.ObsException;
import obs.probe.config.Module;
import obs.probe.config.Modules;
import obs.probe.config.Unsupported;

/** The {@code probe} command: load modules and targets, run them, render, and say whether all succeeded. */
public final class ProbeRun {
    /** Where the deployed blackbox exporter's modules live in the checkout. */
    public static final String DEPLOYED_MODULES = "manifests/blackbox-exporter/blackbox.yml";

    /**
     * Everything the command line says.
     *
     * @param targets     targets given as arguments
     * @param targetsFile a targets file, or null
     * @param module      module for every argument target, or null to go by scheme
     * @param configFile  blackbox modules file, or null for the deployed one (if in a checkout) or built-ins
     * @param options     repetition, concurrency and timeout
     * @param stateDir    where path history is kept
     */
    public record Request(List<String> targets, Path targetsFile, String module, Path configFile, RunOptions options,
                          Path stateDir) {
    }

    private ProbeRun() {
    }

    public static int execute(Request req, Console console) {
        Modules modules = modules(req.configFile(), console);
        List<Target> targets = targets(req, modules, console);
        boolean paths = targets.stream().anyMatch(t -> t.prober() == Module.Prober.path);
        PathHistory history = paths ? PathHistory.inFile(req.stateDir().resolve("probe-paths.json"), console::warn) : PathHistory.inMemory();
        console.debug("probing " + targets.size() + " target(s), " + req.options().count() + " round(s), at most "
                + req.options().concurrency() + " at once");
        List<TargetReport> reports = ProbeEngine.system(history).run(targets, req.options());
        ProbeReports.render(console, reports, req.options().count() > 1);
        return reports.stream().allMatch(TargetReport::success) ? Exit.OK.code : Exit.PROBLEM.code;
    }

    /** The explicit file, else the deployed modules when run inside a checkout, else the built-ins only. */
    public static Modules modules(Path configFile, Console console) {
        Path file = configFile;
        if (file == null) {
            file = deployedModules();
        }
        Modules modules = Modules.load(file);
        console.debug("modules: " + (file == null ? "built-in only" : file) + " (" + modules.all().size() + ")");
        for (Module m : modules.all()) {
            for (Unsupported u : m.unsupported()) {
                console.debug("module " + m.name() + " cannot be used here: " + u.location() + ": " + u.option()
                        + " is not supported by obs probe");
            }
        }
        return modules;
    }

    /** Prints every module with its prober and what keeps obs from using it, if anything. */
    public static int listModules(Modules modules, Console console) {
        List<List<String>> rows = new ArrayList<>();
        for (Module m : modules.all()) {
            rows.add(List.of(m.name(), m.prober() == null ? "-" : m.prober().name(),
                    m.timeout() == null ? "-" : Durations.format(m.timeout()),
                    m.unsupported().isEmpty() ? console.status("ok") : console.status("unsupported"),
                    m.unsupported().stream().map(Unsupported::option).collect(java.util.stream.Collectors.joining(", "))));
        }
        if (console.json()) {
            console.json(modules.all().stream().map(m -> Map.of("name", m.name(), "prober", String.valueOf(m.prober()),
                    "usable", m.unsupported().isEmpty(), "unsupported", m.unsupported().stream().map(Unsupported::toString).toList()))
                    .toList());
        } else {
            console.table(List.of("MODULE", "PROBER", "TIMEOUT", "USABLE", "UNSUPPORTED OPTIONS"), rows);
        }
        return Exit.OK.code;
    }

    private static Path deployedModules() {
        try {
            Path deployed = RepoRoot.find().resolve(DEPLOYED_MODULES);
            return Files.isRegularFile(deployed) ? deployed : null;
        } catch (ObsException notInCheckout) {
            return null;
        }
    }

    private static List<Target> targets(Request req, Modules modules, Console console) {
        List<TargetsFile.Scheduled> all = new ArrayList<>();
        if (req.targetsFile() != null) {
            all.addAll(TargetsFile.resolve(req.targetsFile(), modules));
        }
        TargetParser parser = new TargetParser(modules);
        for (int i = 0; i < req.targets().size(); i++) {
            all.add(new TargetsFile.Scheduled(parser.parse(req.targets().get(i), req.module(), Map.of()), null,
                    "argument " + (i + 1)));
        }
        if (all.isEmpty()) {
            throw ObsException.usage("no targets: give TARGET... or -f FILE");
        }
        return Duplicates.dropped(all, console::warn).stream().map(TargetsFile.Scheduled::target).toList();
    }

    /** The default --state-dir: $XDG_STATE_HOME/obs, else ~/.local/state/obs. */
    public static Path defaultStateDir() {
        String xdg = System.getenv("XDG_STATE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state"))
                .resolve("obs");
    }

    /** A run's options, checked the way the command line states them; {@code maxLoss} is a percentage. */
    public static RunOptions options(int count, Duration interval, int concurrency, Duration timeout, double maxLoss) {
        if (count < 1) {
            throw ObsException.usage("--count must be at least 1");
        }
        if (concurrency < 1) {
            throw ObsException.usage("--concurrency must be at least 1");
        }
        if (timeout != null && timeout.isZero()) {
            throw ObsException.usage("--timeout must be more than 0");
        }
        if (!(maxLoss >= 0 && maxLoss <= 100)) {
            throw ObsException.usage("--max-loss must be a percentage from 0 to 100");
        }
        return new RunOptions(count, interval, concurrency, timeout, maxLoss / 100);
    }
}
