package obs.core;

/** A failure with a one-line message for the user and the exit code it maps to. */
public class ObsException extends RuntimeException {
    private final Exit exit;

    public ObsException(Exit exit, String message, Throwable cause) {
        super(message, cause);
        this.exit = exit;
    }

    public Exit exit() {
        return exit;
    }

    public static ObsException usage(String message) {
        return new ObsException(Exit.USAGE, message, null);
    }

    public static ObsException usage(String message, Throwable cause) {
        return new ObsException(Exit.USAGE, message, cause);
    }

    public static ObsException unreachable(String message, Throwable cause) {
        return new ObsException(Exit.UNREACHABLE, message, cause);
    }

    public static ObsException problem(String message) {
        return new ObsException(Exit.PROBLEM, message, null);
    }

    public static ObsException internal(String message, Throwable cause) {
        return new ObsException(Exit.INTERNAL, message, cause);
    }
}
