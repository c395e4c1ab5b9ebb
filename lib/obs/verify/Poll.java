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

    /** Attempts until one answers or {@code deadline} passes; the last attempt is made at the deadline. */
    static <T> Optional<T> until(Deadline deadline, Attempt<T> attempt) throws Exception {
        long wait = FIRST_MS;
        while (true) {
            Optional<T> answer = attempt.get();
            if (answer.isPresent() || deadline.expired()) {
                return answer;
            }
            Thread.sleep(Math.max(1, Math.min(wait, deadline.remaining().toMillis())));
            wait = Math.min(MAX_MS, wait * 2);
        }
    }
}
