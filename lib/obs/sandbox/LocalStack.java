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
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import obs.cli.Console;
import obs.cli.ObsException;
import obs.exec.Tools;
import obs.http.PlainHttp;
import obs.kube.EndpointsFile;
import obs.kube.EndpointsFile.Entry;
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
     */
    public record Options(Path stateDir, Path repo, List<String> only, boolean install, Map<String, URI> external) {
    }

    /** One line of up/down/status output. */
    public record Row(String component, String state, String url, Long pid, String note) {
    }

    /** The rows and whether everything asked for is running. */
    public record Result(List<Row> rows, boolean complete) {
    }

    private LocalStack() {
    }

    public static Path endpointsFile(Path stateDir) {
        return EndpointsFile.in(stateDir);
    }

    /** Starts what is not running yet; idempotent. */
    public static Result up(Options o, Console console) {
        o.only().forEach(Stack::get);
        o.external().keySet().forEach(Stack::get);
        Path file = endpointsFile(o.stateDir());
        EndpointsFile state = Files.exists(file) ? EndpointsFile.read(file) : EndpointsFile.empty();
        List<Component> wanted = Stack.COMPONENTS.stream()
                .filter(c -> c.local() != null && (o.only().isEmpty() || o.only().contains(c.name()))).toList();
        ensurePackages(wanted, o.install(), console);

        List<Row> rows = new ArrayList<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        List<Component> toStart = new ArrayList<>();
        for (Component c : wanted) {
            Entry old = state.components().get(c.name());
            if (!c.local().isObsCommand() && Tools.find(c.local().binary()).isEmpty()) {
                rows.add(new Row(c.name(), "missing", null, null, "install the Debian package " + c.local().debianPackage()));
                continue;
            }
            if (old != null && LocalProcess.live(old).isPresent()) {
                ports.put(c.name(), URI.create(old.url()).getPort());
                rows.add(new Row(c.name(), "running", old.url(), old.pid(), "already running"));
            } else {
                int preferred = old != null ? URI.create(old.url()).getPort() : c.httpPort().number() + 10000;
                ports.put(c.name(), Ports.free(preferred, new HashSet<>(ports.values())));
                toStart.add(c);
            }
        }
        boolean complete = rows.stream().noneMatch(r -> r.state().equals("missing"));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<Component, Future<Entry>> started = new LinkedHashMap<>();
            for (Component c : toStart) {
                started.put(c, pool.submit(() -> startOne(c, o, ports)));
            }
            for (var e : started.entrySet()) {
                Component c = e.getKey();
                try {
                    Entry entry = e.getValue().get();
                    state = state.with(c.name(), entry);
                    rows.add(new Row(c.name(), "running", entry.url(), entry.pid(), "started"));
                } catch (java.util.concurrent.ExecutionException ex) {
                    complete = false;
                    state = state.without(c.name());
                    Throwable cause = ex.getCause();
                    rows.add(new Row(c.name(), "failed", null, null, cause instanceof IOException
                            ? cause.getClass().getSimpleName() + ": " + cause.getMessage() : cause.getMessage()));
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw ObsException.internal("interrupted while starting the sandbox", ex);
                }
            }
        }
        if (ports.containsKey("prometheus") && state.components().containsKey("prometheus")) {
            awaitFirstScrapes(state.components().get("prometheus").url(), (int) ports.keySet().stream()
                    .filter(state.components()::containsKey).count(), console);
        }
        for (var ext : o.external().entrySet()) {
            state = state.with(ext.getKey(), Entry.external(ext.getValue().toString()));
            rows.add(new Row(ext.getKey(), "external", ext.getValue().toString(), null, "added"));
        }
        state.write(file);
        for (Component c : Stack.COMPONENTS) {
            if (c.local() == null && !state.components().containsKey(c.name()) && o.only().isEmpty()) {
                rows.add(new Row(c.name(), "unavailable", null, null, "no Debian package: run it yourself, then "
                        + "'sandbox up --external " + c.name() + "=http://127.0.0.1:" + c.httpPort().number() + "'"));
            }
        }
        rows.sort(Comparator.comparingInt(r -> Stack.COMPONENTS.indexOf(Stack.get(r.component()))));
        return new Result(rows, complete);
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

    private static Entry startOne(Component c, Options o, Map<String, Integer> ports) throws IOException, InterruptedException {
        Path home = o.stateDir().resolve(c.name());
        Path data = home.resolve("data");
        Files.createDirectories(data);
        Path log = home.resolve(c.name() + ".log");
        Path binary = c.local().isObsCommand() ? Launch.currentJava() : Tools.find(c.local().binary()).orElseThrow();
        List<String> args = Launch.args(c, home.resolve("config"), data, o.repo(), ports);
        Process process = LocalProcess.start(binary, args, home, log);
        String url = "http://" + LocalConfigs.target(ports.get(c.name()));
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("exited with code " + process.exitValue() + ": " + LocalProcess.tail(log, 3));
            }
            if (ready(url + c.readyPath())) {
                return new Entry(url, process.pid(), LocalProcess.startedAt(process.pid()), binary.toString(),
                        data.toString(), log.toString());
            }
            Thread.sleep(20);
        }
        LocalProcess.stop(process.toHandle(), Duration.ofSeconds(2));
        throw new IllegalStateException("not ready after " + READY_TIMEOUT.toSeconds() + " s: " + LocalProcess.tail(log, 3));
    }

    /**
     * Waits until Prometheus has scraped every sandbox job once, so that a check-services run right after
     * {@code up} sees data instead of empty queries.
     */
    private static void awaitFirstScrapes(String prometheus, int jobs, Console console) {
        String url = prometheus + "/api/v1/query?query=" + java.net.URLEncoder.encode("count(up)", java.nio.charset.StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        try {
            while (System.nanoTime() < deadline) {
                try {
                    String body = PlainHttp.get(URI.create(url), Duration.ofSeconds(1)).body();
                    var result = obs.cli.Json.mapper().readTree(body).path("data").path("result");
                    if (!result.isEmpty() && Double.parseDouble(result.get(0).path("value").get(1).asString()) >= jobs) {
                        return;
                    }
                } catch (IOException e) {
                    // Prometheus answers /-/ready before its query API settles; poll again.
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        console.warn("Prometheus has not scraped every sandbox job yet; the first checks may see no data");
    }

    private static boolean ready(String url) {
        try {
            return PlainHttp.get(URI.create(url), Duration.ofSeconds(1)).status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** What runs, what stopped behind our back, and what was added from outside. */
    public static List<Row> status(Path stateDir) {
        Path file = endpointsFile(stateDir);
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Row> rows = new ArrayList<>();
        EndpointsFile.read(file).components().forEach((name, e) -> {
            Optional<ProcessHandle> live = LocalProcess.live(e);
            String state;
            if (e.pid() == null) {
                state = "external";
            } else if (live.isEmpty()) {
                state = "stopped";
            } else {
                state = ready(e.url() + Stack.get(name).readyPath()) ? "running" : "not-ready";
            }
            rows.add(new Row(name, state, e.url(), e.pid(), e.log()));
        });
        return rows;
    }

    /**
     * Stops exactly the processes this sandbox started (by PID and start time) and forgets external
     * entries. With {@code purge} the state folder goes too; otherwise data stays for the next up.
     */
    public static List<Row> down(Path stateDir, boolean purge) {
        Path file = endpointsFile(stateDir);
        List<Row> rows = new ArrayList<>();
        if (Files.exists(file)) {
            EndpointsFile state = EndpointsFile.read(file);
            state.components().forEach((name, e) -> {
                Optional<ProcessHandle> live = LocalProcess.live(e);
                String outcome = e.pid() == null ? "forgotten" : live.isEmpty() ? "was not running"
                        : LocalProcess.stop(live.get(), Duration.ofSeconds(10)) ? "stopped" : "still running";
                rows.add(new Row(name, outcome, e.url(), e.pid(), null));
            });
            try {
                Files.delete(file);
            } catch (IOException e) {
                throw ObsException.internal("cannot remove " + file + ": " + e.getMessage(), e);
            }
        }
        if (purge && Files.isDirectory(stateDir)) {
            purge(stateDir);
        }
        return rows;
    }

    /** Removes the component folders the sandbox created, then the state folder if it is empty. */
    private static void purge(Path stateDir) {
        try {
            for (Component c : Stack.COMPONENTS) {
                Path dir = stateDir.resolve(c.name());
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> walk = Files.walk(dir)) {
                        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(p);
                        }
                    }
                }
            }
            try (Stream<Path> left = Files.list(stateDir)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(stateDir);
                }
            }
        } catch (IOException e) {
            throw ObsException.internal("cannot remove " + stateDir + ": " + e.getMessage(), e);
        }
    }
}
