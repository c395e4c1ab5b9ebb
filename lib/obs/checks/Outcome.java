package obs.checks;

/** What a check found: a status and a message that says what is wrong (or what was seen). */
public record Outcome(Status status, String message) {
    /** ok and fail are the check's own verdict; warn is a failed warning-severity check; skip says why it did not run. */
    public enum Status { ok, warn, fail, skip }

    public static Outcome ok(String message) {
        return new Outcome(Status.ok, message);
    }

    public static Outcome fail(String message) {
        return new Outcome(Status.fail, message);
    }

    public static Outcome skip(String reason) {
        return new Outcome(Status.skip, reason);
    }
}
