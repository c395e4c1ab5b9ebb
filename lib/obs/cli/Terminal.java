package obs.cli;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Whether stdout is an interactive terminal, and how text from outside is made safe to print on one. */
public final class Terminal {
    /** C0 controls, DEL and C1 controls: Unicode's Cc category. */
    private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

    private Terminal() {
    }

    /**
     * On JDK 22+ {@code System.console()} may exist even when output is redirected, and
     * {@code Console.isTerminal()} tells the truth; on 21 a non-null console already means a terminal.
     * Reflection keeps the code at language level 21 while running correctly on 25.
     */
    public static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /**
     * Text from outside (a server's answer, a file, a cluster object) as it may be printed: every C0 and C1 control
     * character and DEL is shown as {@code \xHH}, so an answer cannot clear the screen, set the window title, move
     * the cursor or forge a line of obs's own output. Shown rather than dropped so the reader sees it was there.
     */
    public static String printable(String text) {
        return CONTROL.matcher(String.valueOf(text))
                .replaceAll(m -> Matcher.quoteReplacement(String.format("\\x%02x", (int) m.group().charAt(0))));
    }
}
