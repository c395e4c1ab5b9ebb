package obs.sandbox;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import obs.cli.Console;
import obs.cli.OutputOptions;
import obs.exec.Tools;
import obs.kube.EndpointsFile;
import obs.stack.Stack;
import org.junit.jupiter.api.Assumptions;

/**
 * Real stack components for tests, started by the same code as {@code sandbox up} in a private state
 * folder, and stopped by the same code as {@code sandbox down --purge}.
 */
public final class SandboxFixture implements AutoCloseable {
    public final Path stateDir;
    public final LocalStack.Result started;

    private SandboxFixture(Path stateDir, LocalStack.Result started) {
        this.stateDir = stateDir;
        this.started = started;
    }

    /** Starts the given components (all the host has when empty); skips the test when a binary is missing. */
    public static SandboxFixture start(List<String> only) throws IOException {
        for (var c : Stack.COMPONENTS) {
            if (c.local() != null && !c.local().isObsCommand() && (only.isEmpty() || only.contains(c.name()))) {
                Assumptions.assumeTrue(Tools.find(c.local().binary()).isPresent(),
                        c.local().binary() + " is not installed (Debian package " + c.local().debianPackage() + ")");
            }
        }
        Path dir = Files.createTempDirectory("obs-sandbox-test");
        OutputOptions quiet = new OutputOptions();
        quiet.quiet = true;
        Console console = new Console(new PrintWriter(new StringWriter()), new PrintWriter(System.err), quiet, false, null);
        var result = LocalStack.up(new LocalStack.Options(dir, Path.of("").toAbsolutePath(), only, false, Map.of()), console);
        return new SandboxFixture(dir, result);
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
        LocalStack.down(stateDir, true);
    }
}
