package obs.grafana;

import java.net.URI;
import java.time.Duration;
import obs.access.Endpoints;
import obs.access.StackAccess;
import obs.core.ObsException;
import obs.stack.Component;
import obs.stack.Stack;

/**
 * A {@link GrafanaClient} for the stack a command works on, reached the way check-services reaches it
 * (--endpoint, in-cluster DNS or a port-forward) and signed in as {@link GrafanaOptions} says, else with the
 * grafana-admin Secret read through the cluster.
 */
public final class GrafanaConnect {
    private GrafanaConnect() {
    }

    /** @param given the sign-in from {@link GrafanaOptions#auth()}, or null for the admin Secret */
    public static GrafanaClient open(StackAccess access, GrafanaAuth given) {
        return new GrafanaClient(baseUrl(access), auth(access, given));
    }

    public static GrafanaClient open(StackAccess access, GrafanaAuth given, Duration requestTimeout) {
        return new GrafanaClient(baseUrl(access), auth(access, given), requestTimeout);
    }

    private static URI baseUrl(StackAccess access) {
        Component grafana = Stack.get("grafana");
        Endpoints.Route route = access.endpoints().route(grafana, grafana.httpPort()).orElseThrow(() -> ObsException.usage(
                "no way to reach Grafana: give --endpoint grafana=URL, or a cluster reached by port-forward"));
        try {
            return route.baseUrl().orElseThrow(() -> ObsException.usage("Grafana's API is not reached through the API server's "
                    + "proxy (it signs in on its own): use the default port-forward or --endpoint grafana=URL"));
        } catch (Endpoints.RouteFailure e) {
            throw ObsException.unreachable(e.getMessage(), e);
        }
    }

    private static GrafanaAuth auth(StackAccess access, GrafanaAuth given) {
        if (given != null) {
            return given;
        }
        if (access.kube() == null) {
            throw ObsException.usage("Grafana needs credentials outside a cluster: give --grafana-token-file or --grafana-password-file");
        }
        return GrafanaAuth.adminSecret(access.kube(), access.namespace());
    }
}
