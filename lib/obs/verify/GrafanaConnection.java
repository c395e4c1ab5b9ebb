package obs.verify;

import obs.grafana.GrafanaClient;
import obs.grafana.GrafanaConnect;

/** Grafana's client for a run: reached and signed in to as backup and restore do ({@link GrafanaConnect}). */
final class GrafanaConnection {
    static final String GRAFANA = "grafana";

    private GrafanaConnection() {
    }

    /** Throws {@link obs.core.ObsException} with the reason when Grafana cannot be reached or signed in to. */
    static GrafanaClient open(Run run) {
        return GrafanaConnect.open(run.stack(), run.grafana(), Calls.REQUEST_TIMEOUT);
    }
}
