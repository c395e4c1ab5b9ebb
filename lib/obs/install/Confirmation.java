package obs.install;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A yes/no question on the terminal. Only a person at a terminal can answer: a piped or empty stdin never
 * counts as "yes".
 *
 * @param interactive whether stdin is a terminal
 * @param input       where the answer is read from
 * @param prompt      where the question is written (stderr)
 */
public record Confirmation(boolean interactive, BufferedReader input, PrintWriter prompt) {
    /** The process's stdin, asking on {@code prompt}. */
    public static Confirmation stdin(PrintWriter prompt) {
        return new Confirmation(obs.cli.Terminal.isTerminal(), new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), prompt);
    }

    /** Asks the question; true only for y or yes. */
    boolean ask(String question) {
        prompt.print("[obs] " + question + " [y/N] ");
        prompt.flush();
        try {
            String answer = input.readLine();
            return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
        } catch (IOException e) {
            return false;
        }
    }
}
