package obs.verify;

import java.io.IOException;
import java.net.URI;
import obs.access.Endpoints;
import obs.grafana.GrafanaAuth;
import obs.grafana.GrafanaClient;
import obs.stack.Component;
import obs.stack.Stack;

/**
 * Grafana's client on the way check-services reaches Grafana (override, endpoints file, in-cluster DNS or
 * port-forward), signed in with a service-account token file or, in a cluster, the admin Secret install created.
 */
final class GrafanaConnection {
    static final String GRAFANA = "grafana";

    /** Grafana cannot be reached or signed in to; the message says why. */
    static final class NoAccess extends Exception {
        NoAccess(String message) {
            super(message);
        }
    }

    private GrafanaConnection() {
    }

    static GrafanaClient open(Run run) throws NoAccess {
        Component grafana = Stack.get(GRAFANA);
        Endpoints.Route route = run.stack().endpoints().route(grafana, grafana.httpPort())
                .orElseThrow(() -> new NoAccess("no endpoint for grafana (pass --endpoint grafana=URL)"));
        URI base;
        try {
            base = route.baseUrl().orElseThrow(() -> new NoAccess("Grafana's API is not reached through the API server's proxy: "
                    + "use the default port-forward or --endpoint grafana=URL"));
        } catch (IOException e) {
            throw new NoAccess(e.getMessage());
        }
        return new GrafanaClient(base, auth(run), Calls.REQUEST_TIMEOUT);
    }

    private static GrafanaAuth auth(Run run) throws NoAccess {
        if (run.grafana() != null) {
            return run.grafana();
        }
        if (run.stack().kube() != null) {
            return GrafanaAuth.adminSecret(run.stack().kube(), run.stack().namespace());
        }
        throw new NoAccess("no Grafana credentials: give a service-account token with --grafana-token-file FILE");
    }
}
