package obs.probe;

import java.io.PrintWriter;
import java.io.StringWriter;
import obs.cli.Cli;

/** Runs the probe script class (default package) in-process through Cli.run, capturing its streams. */
record ScriptRun(int exit, String out, String err) {
    static ScriptRun probe(String... args) {
        try {
            Object command = Class.forName("Probe").getDeclaredConstructor().newInstance();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = Cli.run(command, new PrintWriter(out), new PrintWriter(err), args);
            return new ScriptRun(exit, out.toString(), err.toString());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot load scripts/Probe.java", e);
        }
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
