package obs.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import obs.access.EndpointsFile.Entry;
import obs.core.InputFile;
import obs.core.Json;
import obs.core.ObsException;
import obs.exec.Tools;
import obs.sandbox.SandboxReport.Row;
import obs.sandbox.SandboxReport.State;
import obs.stack.Component;
import obs.stack.Stack;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;

/**
 * The opt-in databases of the sandbox ({@code sandbox up --with-databases}): MariaDB and Redis from Debian's
 * packages, each with its own data folder in the state folder and a port on loopback, and the database exporters
 * of the stack pointed at them. The servers are not components of the stack (nothing in the cluster installs
 * them), so they are recorded apart from the endpoints file, in DIR/databases.json, which status and down read;
 * every write happens under the state folder's lock that up and down hold.
 */
final class Databases {
    static final String FILE = "databases.json";
    /** Longer than MariaDB takes on a fresh data folder here (about 2 s). */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    /**
     * A database server and the exporter of the stack that watches it.
     *
     * @param name     the server's name in the state, and its folder
     * @param exporter the stack component that exports its metrics
     * @param server   its Debian package and binary
     * @param metrics  the exporter's Debian package and binary
     * @param port     its usual port (the sandbox prefers this plus 10000)
     */
    record Server(String name, String exporter, Component.Local server, Component.Local metrics, int port) {
        String address(int actualPort) {
            return LocalConfigs.target(actualPort);
        }
    }

    static final List<Server> SERVERS = List.of(
            new Server("mariadb", "mariadb-exporter", new Component.Local("mariadb-server", "mariadbd"),
                    new Component.Local("prometheus-mysqld-exporter", "prometheus-mysqld-exporter"), 3306),
            new Server("redis", "redis-exporter", new Component.Local("redis-server", "redis-server"),
                    new Component.Local("prometheus-redis-exporter", "prometheus-redis-exporter"), 6379));

    private final Path stateDir;
    private Map<String, Entry> recorded;

    Databases(Path stateDir) {
        this.stateDir = stateDir;
        this.recorded = read(stateDir);
    }

    /** The server an exporter component watches, if it is a database exporter. */
    static Optional<Server> of(Component c) {
        return SERVERS.stream().filter(s -> s.exporter().equals(c.name())).findFirst();
    }

    /** The stack's components the sandbox runs: those with a package, plus the database exporters when asked. */
    static List<Component> runnable(boolean withDatabases) {
        return Stack.COMPONENTS.stream().map(c -> c.local() == null && withDatabases ? of(c).map(s -> new Component(c.name(),
                c.tier(), c.workload(), c.ports(), c.healthPath(), c.readyPath(), s.metrics())).orElse(c) : c)
                .filter(c -> c.local() != null).toList();
    }

    /** Where a row of a server goes in a report: just before its exporter. */
    static int order(String name) {
        for (Server s : SERVERS) {
            if (s.name().equals(name)) {
                return Stack.COMPONENTS.indexOf(Stack.get(s.exporter())) * 2;
            }
        }
        return Stack.COMPONENTS.indexOf(Stack.get(name)) * 2 + 1;
    }

    /**
     * Makes sure the server of {@code s} runs, starting it when it does not, and returns its port.
     * Synchronized: the exporters start in parallel and each records its server in the one file.
     */
    synchronized int ensure(Server s, Set<Integer> taken) throws IOException, InterruptedException {
        Entry old = recorded.get(s.name());
        if (old != null && LocalProcess.ours(old).isPresent()) {
            return port(old);
        }
        int preferred = old != null ? port(old) : s.port() + 10000;
        int port = Ports.free(preferred, taken);
        Path home = stateDir.resolve(s.name());
        Path data = StateFiles.createDirectories(home.resolve("data"));
        Path log = home.resolve(s.name() + ".log");
        Path binary = Tools.find(s.server().binary()).orElseThrow(() -> Tools.missing(s.server().binary(), s.server().debianPackage()));
        List<String> args = s.name().equals("mariadb") ? mariadb(home, data, port) : redis(data, port);
        Process process = LocalProcess.start(binary, args, home, log);
        Long ticks = ProcessIdentity.startTicks(process.pid()).stream().boxed().findFirst().orElse(null);
        record(s.name(), new Entry(url(s, port), process.pid(), ticks, binary.toRealPath().toString(), data.toString(), log.toString(),
                null, null));
        awaitPort(process, port, log);
        return port;
    }

    /** For an exporter that runs: starts its server again if it stopped; a failure is a warning and false. */
    boolean restartIfStopped(Server s, Set<Integer> taken, obs.cli.Console console) {
        try {
            ensure(s, taken);
            return true;
        } catch (IOException | RuntimeException e) {
            console.warn(s.name() + " (for " + s.exporter() + ") did not start: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The exporter's command line, pointed at its server on {@code serverPort}. */
    static List<String> exporterArgs(Server s, Path stateDir, String listen, int serverPort) {
        if (s.name().equals("mariadb")) {
            return List.of("--config.my-cnf=" + stateDir.resolve("mariadb").resolve("config").resolve("exporter.cnf"),
                    "--web.listen-address=" + listen);
        }
        return List.of("--redis.addr=redis://" + s.address(serverPort), "--web.listen-address=" + listen);
    }

    /**
     * MariaDB with everything in its folder: a data folder made once by mariadb-install-db, its socket and pid file,
     * TCP on loopback only, no binary log; the init file gives the exporter its own user with a password that
     * lives only in the folder (mode 600) and stays the same across restarts.
     */
    private static List<String> mariadb(Path home, Path data, int port) throws IOException {
        Path config = StateFiles.createDirectories(home.resolve("config"));
        boolean root = "root".equals(System.getProperty("user.name"));
        String user = "--user=" + System.getProperty("user.name");
        if (!Files.exists(data.resolve("mysql"))) {
            List<String> install = new ArrayList<>(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + data,
                    "--skip-test-db"));
            if (root) {
                install.add(user);
            }
            Tools.Result r = Tools.run(Duration.ofMinutes(2), "mariadb-server", install);
            if (r.exit() != 0) {
                throw new IllegalStateException("mariadb-install-db failed (exit " + r.exit() + "): "
                        + (r.stderr() + r.stdout()).strip().lines().reduce((a, b) -> b).orElse(""));
            }
        }
        Path cnf = config.resolve("exporter.cnf");
        String password = Files.exists(cnf) ? InputFile.readString(cnf).lines().filter(l -> l.startsWith("password="))
                .map(l -> l.substring("password=".length())).findFirst().orElse(newPassword()) : newPassword();
        StateFiles.writePrivate(cnf, "[client]\nuser=exporter\npassword=" + password + "\nhost=127.0.0.1\nport=" + port + "\n");
        Path init = config.resolve("init.sql");
        StateFiles.writePrivate(init, """
                CREATE USER IF NOT EXISTS 'exporter'@'127.0.0.1' IDENTIFIED BY '%1$s';
                ALTER USER 'exporter'@'127.0.0.1' IDENTIFIED BY '%1$s';
                GRANT PROCESS, REPLICATION CLIENT, SLAVE MONITOR, SELECT ON *.* TO 'exporter'@'127.0.0.1';
                """.formatted(password));
        List<String> args = new ArrayList<>(List.of("--no-defaults", "--datadir=" + data, "--socket=" + home.resolve("mysqld.sock"),
                "--pid-file=" + home.resolve("mysqld.pid"), "--port=" + port, "--bind-address=127.0.0.1", "--skip-name-resolve",
                "--innodb-buffer-pool-size=32M", "--init-file=" + init,
                "--tmpdir=" + StateFiles.createDirectories(home.resolve("tmp"))));
        if (root) {
            // mariadbd refuses to run as root unless told to.
            args.add(user);
        }
        return args;
    }

    /** Redis on loopback with its folder as working directory and no persistence at all. */
    private static List<String> redis(Path data, int port) {
        return List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", data.toString(), "--save", "",
                "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes");
    }

    /** Base64url of 18 random bytes: no character that needs quoting in SQL or an option file. */
    private static String newPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void awaitPort(Process process, int port, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("exited with code " + process.exitValue() + ": " + LocalProcess.tail(log, 3));
            }
            if (listening(port)) {
                return;
            }
            Thread.sleep(20);
        }
        LocalProcess.stop(process.toHandle(), Duration.ofSeconds(5));
        throw new IllegalStateException("not listening after " + READY_TIMEOUT.toSeconds() + " s: " + LocalProcess.tail(log, 3));
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** What runs, for {@code sandbox status}. */
    static List<Row> status(Path stateDir) {
        List<Row> rows = new ArrayList<>();
        read(stateDir).forEach((name, e) -> {
            boolean ours = LocalProcess.ours(e).isPresent();
            State state = ours ? listening(port(e)) ? State.RUNNING : State.NOT_READY : State.STOPPED;
            rows.add(new Row(name, state, e.url(), e.pid(), ours ? e.log() : LocalProcess.stranger(e)));
        });
        return rows;
    }

    /** Stops the servers this sandbox started; one that would not stop stays on record. */
    static List<Row> down(Path stateDir) {
        Databases dbs = new Databases(stateDir);
        List<Row> rows = new ArrayList<>();
        for (var named : new TreeMap<>(dbs.recorded).entrySet()) {
            Entry e = named.getValue();
            Optional<ProcessHandle> live = LocalProcess.ours(e).flatMap(id -> ProcessHandle.of(id.pid()));
            State outcome = live.isEmpty() ? State.WAS_NOT_RUNNING
                    : LocalProcess.stop(live.get(), Duration.ofSeconds(10)) ? State.STOPPED : State.STILL_RUNNING;
            if (outcome != State.STILL_RUNNING) {
                dbs.forget(named.getKey());
            }
            rows.add(new Row(named.getKey(), outcome, e.url(), e.pid(), live.isEmpty() ? LocalProcess.stranger(e) : null));
        }
        return rows;
    }

    /** The folders and file a purge removes. */
    static List<Path> purgeable(Path stateDir) {
        List<Path> paths = new ArrayList<>();
        SERVERS.forEach(s -> paths.add(stateDir.resolve(s.name())));
        paths.add(stateDir.resolve(FILE));
        return paths;
    }

    private static String url(Server s, int port) {
        return (s.name().equals("mariadb") ? "mysql://" : "redis://") + s.address(port);
    }

    private static int port(Entry e) {
        return Integer.parseInt(e.url().substring(e.url().lastIndexOf(':') + 1));
    }

    private synchronized void record(String name, Entry entry) {
        Map<String, Entry> next = new TreeMap<>(recorded);
        next.put(name, entry);
        write(next);
    }

    private synchronized void forget(String name) {
        Map<String, Entry> next = new TreeMap<>(recorded);
        next.remove(name);
        write(next);
    }

    private void write(Map<String, Entry> next) {
        Path file = stateDir.resolve(FILE);
        if (next.isEmpty()) {
            StateFiles.delete(file);
        } else {
            StateFiles.write(file, Json.mapper().writeValueAsString(next) + "\n");
        }
        recorded = next;
    }

    private static Map<String, Entry> read(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        try {
            return new LinkedHashMap<>(Json.mapper().readValue(InputFile.readString(file), new TypeReference<Map<String, Entry>>() { }));
        } catch (NoSuchFileException e) {
            return new LinkedHashMap<>();
        } catch (IOException e) {
            throw ObsException.problem("cannot read " + file + ": " + StateFiles.reason(e));
        } catch (JacksonException e) {
            throw ObsException.problem(file + ": invalid sandbox database state: " + e.getOriginalMessage());
        }
    }
}
