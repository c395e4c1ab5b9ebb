package obs.verify;

import java.util.Optional;
import obs.http.Deadline;

/** Asking again until an answer comes or the deadline passes, waiting a little longer each time (no fixed sleeps). */
final class Poll {
    /** First and longest wait between attempts: short enough that delivery times are measured to about half a second. */
    static final long FIRST_MS = 50;
    static final long MAX_MS = 500;

    /** One attempt: the answer, or empty to try again. */
    @FunctionalInterface
    interface Attempt<T> {
        Optional<T> get() throws Exception;
    }

    private Poll() {
    }

    /** Too little time for a request to be answered: a last attempt then would only report its own timeout. */
    static final long LAST_ATTEMPT_MS = 50;

    /**
     * Attempts until one answers or {@code deadline} passes. There is always a first attempt; no attempt is started in the
     * deadline's last moments, so the caller's last failure is a real answer, not a request cut short.
     */
    static <T> Optional<T> until(Deadline deadline, Attempt<T> attempt) throws Exception {
        long wait = FIRST_MS;
        while (true) {
            Optional<T> answer = attempt.get();
            if (answer.isPresent() || deadline.remaining().toMillis() <= LAST_ATTEMPT_MS) {
                return answer;
            }
            Thread.sleep(Math.min(wait, deadline.remaining().toMillis() - LAST_ATTEMPT_MS));
            wait = Math.min(MAX_MS, wait * 2);
        }
    }
}
