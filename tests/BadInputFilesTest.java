import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import obs.cli.Cli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file flag refuses what is not a regular file of sane size, before reading it: /dev/zero, a FIFO, a huge
 * sparse file, a link to /dev/zero. Each is exit 2 and one line naming the file, never an OutOfMemoryError or a hang.
 */
class BadInputFilesTest {
    @TempDir
    static Path dir;
    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bad-input-command");
        t.setDaemon(true);
        return t;
    });

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void files() throws Exception {
        new ProcessBuilder("mkfifo", dir.resolve("fifo").toString()).start().waitFor();
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("sparse.yaml").toFile(), "rw")) {
            f.setLength(64L << 30);
        }
        Files.createSymbolicLink(dir.resolve("zero-link.yaml"), Path.of("/dev/zero"));
    }

    @AfterAll
    static void stop() {
        RUNNER.shutdownNow();
    }

    static Stream<Arguments> cases() {
        List<String[]> flags = List.of(
                new String[] {"install", "--dry-run", "-f"},
                new String[] {"probe", "-f"},
                new String[] {"probe", "http://127.0.0.1:1/", "--config-file"},
                new String[] {"check-services", "--endpoints-file"});
        List<String[]> files = List.of(
                new String[] {"/dev/zero", "not a regular file"},
                new String[] {"fifo", "not a regular file"},
                new String[] {"sparse.yaml", "larger than 4 MiB"},
                new String[] {"zero-link.yaml", "not a regular file"});
        return flags.stream().flatMap(f -> files.stream().map(file -> Arguments.of(f, file[0], file[1])));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void refusedInOneLine(String[] command, String name, String reason) throws Exception {
        Path file = name.startsWith("/") ? Path.of(name) : dir.resolve(name);
        String[] args = Stream.concat(Stream.of(command).skip(1), Stream.of(file.toString())).toArray(String[]::new);
        Run r = runBounded(file, () -> run(command[0], args));
        assertEquals(2, r.exit(), r.err());
        assertEquals("[obs] error: " + file + ": " + reason, r.err().lines().findFirst().orElse(""), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        assertEquals("", r.out());
    }

    /** Runs the command with a deadline; a command stuck opening the FIFO is released by opening its other end. */
    static Run runBounded(Path file, Supplier<Run> command) throws Exception {
        Future<Run> f = RUNNER.submit(command::get);
        try {
            return f.get(120, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            if (name(file).equals("fifo")) {
                Files.newOutputStream(file, StandardOpenOption.WRITE).close();
            }
            f.cancel(true);
            return fail("still running after 120 s: blocked on " + file);
        }
    }

    private static String name(Path file) {
        return file.getFileName().toString();
    }

    static Run run(String command, String... args) {
        Object script = switch (command) {
            case "install" -> new Install();
            case "probe" -> new Probe();
            default -> new CheckServices();
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.run(script, new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }
}
