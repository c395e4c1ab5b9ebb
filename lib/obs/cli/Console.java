package obs.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import obs.core.Json;

/**
 * Where a command writes: results (tables, JSON) to stdout, talk to stderr with an "[obs]" prefix.
 * Colour only on a terminal and never with --no-color or NO_COLOR; progress only on a terminal.
 * Everything printed in text form passes {@link Terminal#printable}, because messages and cells carry text from
 * outside; the only escape sequences that reach the terminal are the colours of {@link #status}.
 */
public final class Console {
    /** A cell exactly as {@link #status} colours it. */
    private static final Pattern OWN_STATUS = Pattern.compile("\033\\[(?:31|32|33|90)m[a-z]+\033\\[0m");
    private final PrintWriter out;
    private final PrintWriter err;
    private final OutputOptions options;
    private final boolean tty;
    private final boolean color;

    public Console(PrintWriter out, PrintWriter err, OutputOptions options, boolean tty, String noColorEnv) {
        this.out = out;
        this.err = err;
        this.options = options;
        this.tty = tty;
        this.color = tty && !options.noColor && (noColorEnv == null || noColorEnv.isEmpty());
    }

    /** The console for a picocli command: its writers, the real terminal state and the NO_COLOR variable. */
    public static Console of(picocli.CommandLine.Model.CommandSpec spec, OutputOptions options) {
        return new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), options,
                Terminal.isTerminal(), System.getenv("NO_COLOR"));
    }

    public OutputOptions options() {
        return options;
    }

    public boolean json() {
        return options.format == OutputOptions.Format.json;
    }

    public PrintWriter out() {
        return out;
    }

    /** One line of data on stdout that may hold text from outside: control characters are shown escaped. */
    public void line(String text) {
        out.println(Terminal.printable(text));
    }

    /** A normal message on stderr, hidden by -q. */
    public void info(String message) {
        if (!options.quiet) {
            err.println("[obs] " + Terminal.printable(message));
            err.flush();
        }
    }

    /** A detail on stderr, shown only with -v. */
    public void debug(String message) {
        if (options.verbose) {
            err.println("[obs] " + Terminal.printable(message));
            err.flush();
        }
    }

    /** A warning on stderr, always shown. */
    public void warn(String message) {
        err.println("[obs] warning: " + Terminal.printable(message));
        err.flush();
    }

    /** A transient progress line, only on a terminal (it is overwritten by the next one). */
    public void progress(String message) {
        if (tty && !options.quiet) {
            err.print("\r\033[K" + Terminal.printable(message));
            err.flush();
        }
    }

    /** Clears the progress line, if any. */
    public void progressDone() {
        if (tty && !options.quiet) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    /** Colours text for a status word when colour is on: green ok, yellow warn/skip, red fail. */
    public String status(String word) {
        if (!color) {
            return word;
        }
        String code = switch (word) {
            case "ok" -> "32";
            case "warn" -> "33";
            case "skip" -> "90";
            default -> "31";
        };
        return "\033[" + code + "m" + word + "\033[0m";
    }

    /** Writes an aligned table to stdout. Cells may be coloured by {@link #status}; widths ignore the colour. */
    public void table(List<String> headers, List<List<String>> rows) {
        out.print(renderTable(headers, rows));
        out.flush();
    }

    /** Writes any value as indented JSON to stdout. */
    public void json(Object value) {
        out.println(toJson(value));
        out.flush();
    }

    public static String toJson(Object value) {
        return Json.mapper().writeValueAsString(value);
    }

    static String renderTable(List<String> headers, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(headers.stream().map(Terminal::printable).toList());
        rows.forEach(row -> all.add(row.stream().map(c -> OWN_STATUS.matcher(c).matches() ? c : Terminal.printable(c)).toList()));
        int[] widths = new int[headers.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], visible(row.get(i)).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                line.append(cell);
                if (i < row.size() - 1) {
                    line.append(" ".repeat(widths[i] - visible(cell).length() + 2));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static String visible(String s) {
        return s.replaceAll("\033\\[[0-9;]*m", "");
    }
}
