package obs.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import obs.core.Exit;
import obs.core.ObsException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Runs a picocli command with obs's error handling and exit codes: the seam every script and test uses. */
public final class Cli {
    private static final String NO_CLOSURES = "picocli.disable.closures";

    private Cli() {
    }

    /** Runs {@code command} on the process's stdout and stderr. */
    public static int run(Object command, String... args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        return run(command, out, err, args);
    }

    /**
     * Ends the process with {@code code}, from a script's main. A run that succeeded simply returns, when no other
     * non-daemon thread is left: the JVM then exits with status 0 all the same, shutdown hooks included, but without
     * what {@code System.exit} adds, a debug-level log of the exit whose logger look-up is a service scan that opens
     * every jar of the class path (about 30 ms of a command's 250 with obs's 77 jars, which the AOT cache cannot save).
     */
    public static void exit(int code) {
        if (code != 0 || Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t != Thread.currentThread() && !t.isDaemon())) {
            System.exit(code);
        }
    }

    /** Runs {@code command} with the given writers (tests capture them) and returns the exit code. */
    public static int run(Object command, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine(command);
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The configured CommandLine, also used to check every command's help in tests. */
    public static CommandLine commandLine(Object command) {
        // picocli's default factory looks for Groovy's Closure class once; on a class path without Groovy that miss
        // opens every jar of the class path (about 60 ms of a command's start with obs's 77 jars), while everything
        // else comes from the AOT cache. obs has no Groovy scripts: picocli's documented switch skips the look-up.
        if (System.getProperty(NO_CLOSURES) == null) {
            System.setProperty(NO_CLOSURES, "true");
        }
        CommandLine cl = new CommandLine(command);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(Cli::usageError);
        cl.setExecutionExceptionHandler(Cli::executionError);
        Map<String, String> codes = new LinkedHashMap<>();
        for (String line : Exit.HELP_LIST) {
            String[] kv = line.split(":", 2);
            codes.put(kv[0], kv[1]);
        }
        applyExitCodeList(cl, codes);
        return cl;
    }

    private static void applyExitCodeList(CommandLine cl, Map<String, String> codes) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        cl.getSubcommands().values().forEach(sub -> applyExitCodeList(sub, codes));
    }

    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("[obs] error: " + Terminal.printable(ex.getMessage()));
        err.println("See '" + cl.getCommandSpec().qualifiedName() + " --help'.");
        return Exit.USAGE.code;
    }

    private static int executionError(Exception ex, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean trace = wantsTrace(parsed);
        if (ex instanceof ObsException obs) {
            err.println("[obs] error: " + Terminal.printable(obs.getMessage()));
            if (obs.exit() == Exit.USAGE && obs.getCause() == null) {
                err.println("See '" + cl.getCommandSpec().qualifiedName() + " --help'.");
            }
            if (trace) {
                ex.printStackTrace(err);
            }
            return obs.exit().code;
        }
        err.println("[obs] internal error: " + Terminal.printable(ex.toString()) + (trace ? "" : " (run with -e for the stack trace)"));
        if (trace) {
            ex.printStackTrace(err);
        }
        return Exit.INTERNAL.code;
    }

    private static boolean wantsTrace(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.commandSpec().findOption("--errors") != null && p.hasMatchedOption("--errors")) {
                return true;
            }
        }
        return false;
    }
}
