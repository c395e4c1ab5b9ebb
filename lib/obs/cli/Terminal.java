package obs.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether stdout is an interactive terminal. */
public final class Terminal {
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
}
