package obs.sandbox;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import obs.access.EndpointsFile;
import obs.access.EndpointsFile.Entry;
import obs.cli.Console;
import obs.core.FanOut;
import obs.core.ObsException;
import obs.exec.ThisJvm;
import obs.exec.Tools;
import obs.http.PlainHttp;
import obs.sandbox.SandboxReport.Row;
import obs.sandbox.SandboxReport.State;
import obs.stack.Component;
import obs.stack.Stack;

/**
 * The local sandbox: the stack's components that this host has as Debian packages, run as processes on
 * loopback with the manifests' rules and modules. It is the embedded default for trying obs without a
 * cluster, and the fixture that starts real components for the tests.
 */
public final class LocalStack {
    /** How long a server may take to become ready (smokeping alone needs about a second per target). */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    /**
     * What {@code sandbox up} should do.
     *
     * @param stateDir folder for the endpoints file, configs, data and logs
     * @param repo     the obs checkout (manifests are read from it)
     * @param only     components to run (empty: all that the host has)
     * @param install  install missing Debian packages when allowed (root on Debian/Ubuntu)
     * @param external components run elsewhere, added to the endpoints file by URL
     * @param withDatabases also run MariaDB and Redis with the stack's exporters of them ({@link Databases})
     */
    public record Options(Path stateDir, Path repo, List<String> only, boolean install, Map<String, URI> external,
                          boolean withDatabases) {
        public Options(Path stateDir, Path repo, List<String> only, boolean install, Map<String, URI> external) {
            this(stateDir, repo, only, install, external, false);
        }
    }

    private LocalStack() {
    }

    public static Path endpointsFile(Path stateDir) {
        return EndpointsFile.in(stateDir);
    }

    /**
     * Starts what is not running yet; idempotent. Each server is on record in the endpoints file from the
     * moment it exists, and Prometheus scrapes exactly the servers that run when this returns.
     */
    public static SandboxReport up(Options o, Console console) {
        o.only().forEach(Stack::get);
        o.external().keySet().forEach(Stack::get);
        o.only().stream().filter(name -> !o.withDatabases() && Databases.of(Stack.get(name)).isPresent()).findFirst().ifPresent(name -> {
            throw ObsException.usage(name + " runs in the sandbox only with --with-databases");
        });
        List<Component> wanted = Databases.runnable(o.withDatabases()).stream()
                .filter(c -> o.only().isEmpty() || o.only().contains(c.name())).toList();
        try (SandboxState state = SandboxState.lock(o.stateDir(), console)) {
            Databases databases = new Databases(o.stateDir());
            ensurePackages(wanted, o.install(), console);
            List<Row> rows = new ArrayList<>();
            // Every server of this sandbox that runs keeps its port and is scraped, whether asked for this time or not.
            Map<String, Integer> ports = new LinkedHashMap<>();
            state.components().forEach((name, e) -> {
                if (LocalProcess.ours(e).isPresent()) {
                    ports.put(name, port(e));
                }
            });
            List<Component> toStart = new ArrayList<>();
            boolean serversUp = true;
            for (Component c : wanted) {
                Entry old = state.components().get(c.name());
                Optional<ProcessIdentity> live = old == null ? Optional.empty() : LocalProcess.ours(old);
                if (live.isPresent()) {
                    if (old.startTicks() == null) {
                        // Recorded by an obs before start ticks: from now on it is known by them.
                        state.record(c.name(), new Entry(old.url(), old.pid(), live.get().startTicks(), live.get().executable(),
                                old.dataDir(), old.log(), null, null));
                    }
                    rows.add(new Row(c.name(), State.RUNNING, old.url(), old.pid(), "already running"));
                    if (Databases.of(c).isPresent()) {
                        serversUp &= databases.restartIfStopped(Databases.of(c).get(), new HashSet<>(ports.values()), console);
                    }
                } else if (!c.local().isObsCommand() && Tools.find(c.local().binary()).isEmpty()) {
                    rows.add(new Row(c.name(), State.MISSING, null, null, "install the Debian package " + c.local().debianPackage()));
                } else {
                    int oldPort = old == null ? -1 : port(old);
                    int preferred = oldPort > 0 ? oldPort : c.httpPort().number() + 10000;
                    ports.put(c.name(), Ports.free(preferred, new HashSet<>(ports.values())));
                    toStart.add(c);
                }
            }
            boolean complete = serversUp && rows.stream().noneMatch(r -> r.state() == State.MISSING);
            Set<String> failed = new HashSet<>();
            List<FanOut.Result<Entry>> started = FanOut.all(toStart, c -> null, c -> startOne(c, o, ports, state, databases));
            for (int i = 0; i < toStart.size(); i++) {
                Component c = toStart.get(i);
                switch (started.get(i)) {
                    case FanOut.Done<Entry> d -> rows.add(new Row(c.name(), State.RUNNING, d.value().url(), d.value().pid(), "started"));
                    case FanOut.Failed<Entry> f -> {
                        complete = false;
                        failed.add(c.name());
                        rows.add(new Row(c.name(), State.FAILED, null, null, f.cause().getMessage()));
                    }
                    case FanOut.TimedOut<Entry> t -> throw new IllegalStateException("starting has no deadline of its own");
                }
            }
            Map<String, Integer> scraped = new LinkedHashMap<>(ports);
            scraped.keySet().removeAll(failed);
            complete &= PrometheusTargets.scrapeWhatRuns(state.components().get("prometheus"), o, scraped, console);
            for (var ext : o.external().entrySet()) {
                state.record(ext.getKey(), Entry.external(ext.getValue().toString()));
                rows.add(new Row(ext.getKey(), State.EXTERNAL, ext.getValue().toString(), null, "added"));
            }
            for (Component c : Stack.COMPONENTS) {
                if (wanted.stream().noneMatch(w -> w.name().equals(c.name())) && c.local() == null
                        && !state.components().containsKey(c.name()) && o.only().isEmpty()) {
                    rows.add(new Row(c.name(), State.UNAVAILABLE, null, null, Databases.of(c).isPresent()
                            ? "runs with 'sandbox up --with-databases' (with " + Databases.of(c).get().name() + " itself)"
                            : "no Debian package: run it yourself, then "
                            + "'sandbox up --external " + c.name() + "=http://127.0.0.1:" + c.httpPort().number() + "'"));
                }
            }
            rows.addAll(Databases.status(o.stateDir()));
            rows.sort(Comparator.comparingInt(r -> Databases.order(r.component())));
            return new SandboxReport(o.stateDir(), rows, complete);
        }
    }

    /** Work done on a component's data folder while its server is stopped. */
    @FunctionalInterface
    public interface WhileStopped {
        void run(Path dataDir) throws IOException;
    }

    /**
     * Stops one running server of the sandbox, runs {@code work} on its data folder, and starts it again on the same
     * port with the same arguments (restore replaces Prometheus' data this way). Holds the state folder's lock
     * throughout, so no other sandbox command starts or stops it meanwhile. The server is started again even when
     * {@code work} fails; the failure is then thrown.
     */
    public static void restart(Options o, String component, Console console, WhileStopped work) throws IOException {
        Component c = Stack.get(component);
        try (SandboxState state = SandboxState.lock(o.stateDir(), console)) {
            Entry e = state.components().get(component);
            Optional<ProcessHandle> live = e == null ? Optional.empty() : LocalProcess.ours(e).flatMap(id -> ProcessHandle.of(id.pid()));
            if (live.isEmpty()) {
                throw ObsException.problem("the sandbox in " + o.stateDir() + " runs no " + component);
            }
            if (!LocalProcess.stop(live.get(), Duration.ofSeconds(30))) {
                throw ObsException.problem(component + " (PID " + e.pid() + ") did not stop; nothing was changed");
            }
            Map<String, Integer> ports = new LinkedHashMap<>();
            state.components().forEach((name, other) -> {
                if (name.equals(component) || LocalProcess.ours(other).isPresent()) {
                    ports.put(name, port(other));
                }
            });
            IOException failed = null;
            try {
                work.run(Path.of(e.dataDir()));
            } catch (IOException | RuntimeException workFailed) {
                failed = workFailed instanceof IOException io ? io : new IOException(workFailed.getMessage(), workFailed);
            }
            try {
                startOne(c, o, ports, state, new Databases(o.stateDir()));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting " + component, interrupted);
            }
            if (failed != null) {
                throw failed;
            }
        }
    }

    private static int port(Entry e) {
        return URI.create(e.url()).getPort();
    }

    private static void ensurePackages(List<Component> wanted, boolean install, Console console) {
        List<String> missing = Packages.missing(wanted, Tools::find);
        if (missing.isEmpty()) {
            return;
        }
        if (install && Packages.canInstall()) {
            if (!Packages.install(missing, console)) {
                console.warn("package installation failed; install them with: " + Packages.command(missing));
            }
        } else {
            console.warn("missing packages; install them with: " + Packages.command(missing));
        }
    }

    /**
     * Starts one server and waits until it is ready. Whatever goes wrong is recorded with the component,
     * so that {@code sandbox status} reports it.
     */
    private static Entry startOne(Component c, Options o, Map<String, Integer> ports, SandboxState state, Databases databases)
            throws IOException, InterruptedException {
        Path home = o.stateDir().resolve(c.name());
        Path data = home.resolve("data");
        Path log = home.resolve(c.name() + ".log");
        String url = "http://" + LocalConfigs.target(ports.get(c.name()));
        Path binary = c.local().isObsCommand() ? ThisJvm.java() : Tools.find(c.local().binary()).orElseThrow();
        // The kernel names the executable by its real path (/proc/PID/exe), so that is what is recorded.
        Entry planned = new Entry(url, null, null, binary.toRealPath().toString(), data.toString(), log.toString(), null, null);
        Process process = null;
        try {
            StateFiles.createDirectories(data);
            Optional<Databases.Server> db = Databases.of(c);
            List<String> args = db.isPresent() ? Databases.exporterArgs(db.get(), o.stateDir(), LocalConfigs.target(ports.get(c.name())),
                    databases.ensure(db.get(), new HashSet<>(ports.values())))
                    : Launch.args(c, home.resolve("config"), data, o.repo(), ports);
            process = state.start(c.name(), planned, args, home);
            awaitReady(c, process, url, log);
            return state.components().get(c.name());
        } catch (IOException | InterruptedException | RuntimeException e) {
            Entry last = process != null ? state.components().get(c.name()) : planned;
            try {
                state.record(c.name(), new Entry(last.url(), last.pid(), last.startTicks(), last.binary(), last.dataDir(),
                        last.log(), e.getMessage(), null));
            } catch (ObsException cannotRecord) {
                e.addSuppressed(cannotRecord);
            }
            throw e;
        }
    }

    private static void awaitReady(Component c, Process process, String url, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("exited with code " + process.exitValue() + ": " + LocalProcess.tail(log, 3));
            }
            if (ready(url + c.readyPath())) {
                return;
            }
            Thread.sleep(20);
        }
        LocalProcess.stop(process.toHandle(), Duration.ofSeconds(2));
        throw new IllegalStateException("not ready after " + READY_TIMEOUT.toSeconds() + " s: " + LocalProcess.tail(log, 3));
    }

    private static boolean ready(String url) {
        try {
            return PlainHttp.get(URI.create(url), Duration.ofSeconds(1)).status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * What runs, what stopped behind our back or never started, and what was added from outside. No
     * sandbox at all is a problem found (exit 1) with the command that starts one.
     */
    public static SandboxReport status(Path stateDir) {
        List<Row> rows = new ArrayList<>();
        EndpointsFile.readRunning(endpointsFile(stateDir)).components().forEach((name, e) -> {
            Optional<ProcessIdentity> live = LocalProcess.ours(e);
            State state;
            String note = e.log();
            if (live.isPresent()) {
                state = ready(e.url() + Stack.get(name).readyPath()) ? State.RUNNING : State.NOT_READY;
                if (live.get().replaced()) {
                    note = "its binary was replaced since it started (a package upgrade?): 'sandbox down' and 'sandbox up' run the new one";
                }
            } else if (e.failure() != null) {
                state = State.FAILED;
                note = e.failure();
            } else if (e.pid() == null) {
                state = State.EXTERNAL;
            } else {
                state = State.STOPPED;
                note = Objects.requireNonNullElse(LocalProcess.stranger(e), e.log());
            }
            rows.add(new Row(name, state, e.url(), e.pid(), note));
        });
        rows.addAll(Databases.status(stateDir));
        return new SandboxReport(stateDir, rows, rows.stream().allMatch(r -> r.state() == State.RUNNING || r.state() == State.EXTERNAL));
    }

    /**
     * Stops exactly the processes this sandbox started (same PID, start ticks and executable) and forgets
     * external entries; a process that would not stop stays on record. With {@code purge} the state folder
     * goes too; otherwise data stays for the next up.
     */
    public static SandboxReport down(Path stateDir, boolean purge, Console console) {
        List<Row> rows = new ArrayList<>();
        if (!Files.isDirectory(stateDir)) {
            console.info("nothing to stop in " + stateDir);
            return new SandboxReport(stateDir, rows, true);
        }
        try (SandboxState state = SandboxState.lock(stateDir, console)) {
            EndpointsFile left = EndpointsFile.empty();
            for (var named : state.components().entrySet()) {
                Entry e = named.getValue();
                Optional<ProcessHandle> live = LocalProcess.ours(e).flatMap(id -> ProcessHandle.of(id.pid()));
                State outcome;
                String note = null;
                if (live.isPresent()) {
                    outcome = LocalProcess.stop(live.get(), Duration.ofSeconds(10)) ? State.STOPPED : State.STILL_RUNNING;
                    if (outcome == State.STILL_RUNNING) {
                        left = left.with(named.getKey(), e);
                    }
                } else if (e.pid() == null) {
                    outcome = State.FORGOTTEN;
                } else {
                    outcome = State.WAS_NOT_RUNNING;
                    note = LocalProcess.stranger(e);
                }
                rows.add(new Row(named.getKey(), outcome, e.url(), e.pid(), note));
            }
            state.replace(left);
            List<Row> databases = Databases.down(stateDir);
            rows.addAll(databases);
            boolean serversLeft = databases.stream().anyMatch(r -> r.state() == State.STILL_RUNNING);
            if (purge && left.components().isEmpty() && !serversLeft) {
                purge(stateDir);
            } else if (purge) {
                console.warn("kept " + stateDir + ": some of its servers are still running");
            }
        }
        if (rows.isEmpty()) {
            console.info("nothing to stop in " + stateDir);
        }
        return new SandboxReport(stateDir, rows, rows.stream().noneMatch(r -> r.state() == State.STILL_RUNNING));
    }

    /** Removes the component folders the sandbox created, then the state folder if it is empty. */
    private static void purge(Path stateDir) {
        try {
            List<Path> owned = new ArrayList<>(Databases.purgeable(stateDir));
            Stack.COMPONENTS.forEach(c -> owned.add(stateDir.resolve(c.name())));
            for (Path dir : owned) {
                if (Files.exists(dir)) {
                    try (Stream<Path> walk = Files.walk(dir)) {
                        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(p);
                        }
                    }
                }
            }
            Files.deleteIfExists(stateDir.resolve(SandboxState.LOCK));
            try (Stream<Path> left = Files.list(stateDir)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(stateDir);
                }
            }
        } catch (IOException e) {
            throw ObsException.problem("cannot remove " + stateDir + ": " + StateFiles.reason(e));
        }
    }
}
