package obs.backup;

import java.io.PrintWriter;
import java.io.StringWriter;
import obs.cli.Console;
import obs.cli.OutputOptions;

/** A console that prints only warnings, to the test's stderr. */
final class Quiet {
    private Quiet() {
    }

    static Console console() {
        OutputOptions quiet = new OutputOptions();
        quiet.quiet = true;
        return new Console(new PrintWriter(new StringWriter()), new PrintWriter(System.err, true), quiet, false, null);
    }
}
