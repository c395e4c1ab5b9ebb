package obs.sandbox;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import obs.access.EndpointsFile;
import obs.cli.Cli;
import obs.cli.Console;
import obs.cli.OutputOptions;
import obs.exec.ThisJvm;
import obs.exec.Tools;
import obs.stack.Stack;
import org.junit.jupiter.api.Assumptions;

/**
 * Real stack components for tests, started by the same code as {@code sandbox up} in a private state
 * folder, and stopped by the same code as {@code sandbox down --purge}.
 */
public final class SandboxFixture implements AutoCloseable {
    public final Path stateDir;
    public final SandboxReport started;

    private SandboxFixture(Path stateDir, SandboxReport started) {
        this.stateDir = stateDir;
        this.started = started;
    }

    /** Starts the given components (all the host has when empty); skips the test when a binary is missing. */
    public static SandboxFixture start(List<String> only) throws IOException {
        return start(only, false);
    }

    /** Every component the host has, and MariaDB and Redis with their exporters ({@code sandbox up --with-databases}). */
    public static SandboxFixture startWithDatabases() throws IOException {
        return start(List.of(), true);
    }

    private static SandboxFixture start(List<String> only, boolean withDatabases) throws IOException {
        assumeInstalled(only);
        Path dir = Files.createTempDirectory("obs-sandbox-test");
        var result = LocalStack.up(new LocalStack.Options(dir, Path.of("").toAbsolutePath(), only, false, Map.of(), withDatabases), quiet());
        return new SandboxFixture(dir, result);
    }

    /** Warnings go to the test's stderr, the rest nowhere. */
    static Console quiet() {
        OutputOptions quiet = new OutputOptions();
        quiet.quiet = true;
        return new Console(new PrintWriter(new StringWriter()), new PrintWriter(System.err, true), quiet, false, null);
    }

    /** Skips the test when a binary of the given components (all when empty) is missing. */
    public static void assumeInstalled(List<String> only) {
        for (var c : Stack.COMPONENTS) {
            if (c.local() != null && !c.local().isObsCommand() && (only.isEmpty() || only.contains(c.name()))) {
                Assumptions.assumeTrue(Tools.find(c.local().binary()).isPresent(),
                        c.local().binary() + " is not installed (Debian package " + c.local().debianPackage() + ")");
            }
        }
    }

    public Path endpointsFile() {
        return EndpointsFile.in(stateDir);
    }

    public EndpointsFile endpoints() {
        return EndpointsFile.read(endpointsFile());
    }

    public String url(String component) {
        return endpoints().components().get(component).url();
    }

    @Override
    public void close() {
        LocalStack.down(stateDir, true, quiet());
    }

    /** What a script run printed and returned. */
    public record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs a script (a class in the default package, e.g. "Sandbox") in-process through Cli.run. */
    public static Run run(String script, String... args) {
        try {
            Object command = Class.forName(script).getDeclaredConstructor().newInstance();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = Cli.run(command, new PrintWriter(out), new PrintWriter(err), args);
            return new Run(exit, out.toString(), err.toString());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot load scripts/" + script + ".java", e);
        }
    }

    /**
     * Starts a script as a JVM of its own, as a user's shell would, with extra environment variables. A JVM
     * ignores SIGINT when it starts with SIGINT ignored, which is how a build in the background runs its
     * tests; env puts back the default that a terminal's Ctrl-C relies on.
     */
    public static Process launch(Map<String, String> env, Path output, String script, String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of("env", "--default-signal=INT", ThisJvm.java().toString()));
        cmd.addAll(ThisJvm.arguments());
        cmd.add(script);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Live processes whose command line mentions {@code dir}: every server a sandbox in it runs names its files. */
    public static Set<Long> processesMentioning(Path dir) {
        Set<Long> pids = new TreeSet<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = Files.readString(p.resolve("cmdline"), java.nio.charset.StandardCharsets.ISO_8859_1);
                    if (cmdline.contains(dir.toString())) {
                        pids.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // The process ended while we looked.
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return pids;
    }

    /** Ends processes a test caused to be started (by PID, never by name), SIGTERM then SIGKILL. */
    public static void stop(Set<Long> pids) {
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(h -> {
                h.destroy();
                try {
                    h.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            });
        }
    }
}
