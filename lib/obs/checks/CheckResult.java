package obs.checks;

import obs.checks.Outcome.Status;

/** One row of a check-services report. */
public record CheckResult(String component, String id, String title, Check.Severity severity, String type,
                          Status status, String message, long durationMs, String runbook) {

    /** The row for a component that is not installed, or that was asked for and is missing. */
    static CheckResult notInstalled(String component, String where, boolean requested) {
        return new CheckResult(component, "installed", component + " is installed", Check.Severity.critical, "inventory",
                requested ? Status.fail : Status.skip, "not installed " + where, 0, null);
    }
}
