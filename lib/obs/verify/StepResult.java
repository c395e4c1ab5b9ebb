package obs.verify;

import java.util.Map;

/**
 * How one step ended.
 *
 * @param step       the step
 * @param status     ok, fail, or skip (with the reason as message)
 * @param durationMs how long it ran
 * @param message    what it proved, or what broke
 * @param deliveryMs for each pipeline it pushed through, the time from push to found by a query
 */
public record StepResult(StepName step, Status status, long durationMs, String message, Map<String, Long> deliveryMs) {
    /** What a step found. */
    public enum Status { ok, fail, skip }

    public static StepResult skip(StepName step, String reason) {
        return new StepResult(step, Status.skip, 0, reason, Map.of());
    }
}
