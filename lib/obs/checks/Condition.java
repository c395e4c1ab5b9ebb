package obs.checks;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The expectation on a PromQL result: "empty", "nonempty", or a comparison such as "== 1" or "< 0.9" on every sample. */
public record Condition(String op, double value) {
    private static final Pattern COMPARISON = Pattern.compile("(==|!=|>=|<=|>|<)\\s*(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)");

    public static Condition parse(String text) {
        if (text.equals("empty") || text.equals("nonempty")) {
            return new Condition(text, 0);
        }
        Matcher m = COMPARISON.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid expect '" + text
                    + "' (use empty, nonempty, or a comparison such as '== 1' or '< 0.9')");
        }
        return new Condition(m.group(1), Double.parseDouble(m.group(2)));
    }

    /** Whether one sample value satisfies a comparison. */
    public boolean holds(double sample) {
        return switch (op) {
            case "==" -> sample == value;
            case "!=" -> sample != value;
            case ">=" -> sample >= value;
            case "<=" -> sample <= value;
            case ">" -> sample > value;
            case "<" -> sample < value;
            default -> throw new IllegalStateException(op);
        };
    }

    @Override
    public String toString() {
        return op.equals("empty") || op.equals("nonempty") ? op : op + " " + (value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value));
    }
}
