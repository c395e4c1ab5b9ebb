package obs.grafana;

import obs.core.Exit;
import obs.core.ObsException;

/** Grafana answered a request with a status it was not expected to: the status is kept for callers that branch on it. */
public final class GrafanaError extends ObsException {
    private final int status;

    GrafanaError(int status, String message) {
        super(Exit.PROBLEM, message, null);
        this.status = status;
    }

    /** The HTTP status Grafana answered with. */
    public int status() {
        return status;
    }
}
