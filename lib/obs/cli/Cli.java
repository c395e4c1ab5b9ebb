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
    static final String NO_CLOSURES = "picocli.disable.closures";

    private Cli() {
    }

    /**
     * Runs {@code command} on the process's stdout and stderr. {@code System.exit} asks the JDK for a logger to log
     * the exit at debug level, and finding the logger backend is a service look-up that opens every jar of the class
     * path (about 70 ms with obs's 77 jars, and the AOT cache does not remember it): a second thread does that
     * look-up while the command runs, so that the exit finds it done.
     */
    public static int run(Object command, String... args) {
        Thread.ofPlatform().daemon().name("obs-logger-lookup").start(() -> System.getLogger("java.lang.Runtime"));
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        return run(command, out, err, args);
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
