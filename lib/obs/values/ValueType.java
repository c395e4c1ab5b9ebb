package obs.values;

import java.util.Map;
import java.util.function.Function;

/**
 * The type of one key of the values schema (profiles, values files, {@code --set}), as documented in
 * manifests/profiles/README.md. A tree of these describes every key the installer accepts.
 */
sealed interface ValueType {
    /**
     * A scalar. {@code parse} checks the text and returns the value (String, Boolean or Integer); it throws
     * IllegalArgumentException with the reason when the text is not acceptable. {@code secret} marks a value that
     * may carry a credential (a token in a URL, a user name): written anywhere but a Secret, it is redacted.
     */
    record Scalar(String description, Function<String, Object> parse, boolean secret) implements ValueType {
        Scalar(String description, Function<String, Object> parse) {
            this(description, parse, false);
        }
    }

    /** A mapping with a fixed set of keys, none of them required in an override. */
    record Fields(Map<String, ValueType> fields) implements ValueType {
    }

    /**
     * A mapping with free keys, each checked by {@code keyProblem} (null when the key is fine, else the
     * reason), and values of one type.
     */
    record OpenMap(Function<String, String> keyProblem, ValueType values) implements ValueType {
    }

    /** A list that replaces the earlier value whole; {@code min} is the fewest elements allowed. */
    record ListOf(ValueType element, int min) implements ValueType {
    }
}
