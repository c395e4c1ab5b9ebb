package obs.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import obs.core.Exit;
import obs.core.ObsException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
    @Command(name = "demo", mixinStandardHelpOptions = true)
    static class Demo implements Callable<Integer> {
        @Option(names = "--fail") String fail;
        @Mixin OutputOptions output;

        @Override
        public Integer call() {
            return switch (fail == null ? "" : fail) {
                case "usage" -> throw ObsException.usage("bad flag value");
                case "unreachable" -> throw ObsException.unreachable("cannot reach x", new java.net.ConnectException("refused"));
                case "bug" -> throw new IllegalStateException("boom");
                default -> 0;
            };
        }
    }

    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new Demo(), new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void unknownOptionIsExit2WithOneLineAndAHint() {
        String[] r = run("--nope");
        assertEquals("2", r[0]);
        assertEquals("[obs] error: Unknown option: '--nope'\nSee 'demo --help'.\n", r[2]);
    }

    @Test
    void obsExceptionsMapToTheirExitCodesWithoutStackTraces() {
        String[] usage = run("--fail", "usage");
        assertEquals("2", usage[0]);
        assertEquals("[obs] error: bad flag value\nSee 'demo --help'.\n", usage[2]);
        String[] unreachable = run("--fail", "unreachable");
        assertEquals("3", unreachable[0]);
        assertEquals("[obs] error: cannot reach x\n", unreachable[2]);
    }

    @Test
    void unexpectedExceptionsAreInternalAndTraceOnlyWithErrorsFlag() {
        String[] bug = run("--fail", "bug");
        assertEquals("4", bug[0]);
        assertEquals("[obs] internal error: java.lang.IllegalStateException: boom (run with -e for the stack trace)\n", bug[2]);
        String[] traced = run("--fail", "bug", "-e");
        assertEquals("4", traced[0]);
        assertTrue(traced[2].contains("\tat obs.cli.CliTest$Demo.call"), traced[2]);
    }

    @Test
    void namespaceValidation() {
        assertEquals("ao", KubeOptions.validNamespace("ao"));
        assertEquals(Exit.USAGE, org.junit.jupiter.api.Assertions.assertThrows(ObsException.class,
                () -> KubeOptions.validNamespace("-bad")).exit());
        assertEquals(Exit.USAGE, org.junit.jupiter.api.Assertions.assertThrows(ObsException.class,
                () -> KubeOptions.validNamespace("a".repeat(64))).exit());
        KubeOptions o = new KubeOptions();
        assertEquals(KubeOptions.DEFAULT_NAMESPACE, o.namespace(null));
        assertEquals("ao", o.namespace("ao"));
    }
}
