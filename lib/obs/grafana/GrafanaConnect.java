package obs.grafana;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import obs.access.Endpoints;
import obs.access.StackAccess;
import obs.core.InputFile;
import obs.core.ObsException;
import obs.stack.Component;
import obs.stack.Stack;

/**
 * A {@link GrafanaClient} for the stack a command works on, reached the way check-services reaches it
 * (--endpoint, in-cluster DNS or a port-forward) and signed in with, in this order: a service-account token file, a
 * password file for the admin user (the CronJob mounts the grafana-admin Secret), or the grafana-admin Secret read
 * through the cluster.
 */
public final class GrafanaConnect {
    private GrafanaConnect() {
    }

    /** Where the credential comes from; both null means the grafana-admin Secret. */
    public record Credentials(Path tokenFile, Path passwordFile) {
        public static final Credentials SECRET = new Credentials(null, null);
    }

    public static GrafanaClient open(StackAccess access, Credentials credentials) {
        Component grafana = Stack.get("grafana");
        URI base;
        try {
            base = access.endpoints().baseUrl(grafana, grafana.httpPort()).orElseThrow(() -> ObsException.usage(
                    "no way to reach Grafana: give --endpoint grafana=URL, or a cluster reached by port-forward"));
        } catch (Endpoints.RouteFailure e) {
            throw ObsException.unreachable(e.getMessage(), e);
        }
        return new GrafanaClient(base, auth(access, credentials));
    }

    static GrafanaAuth auth(StackAccess access, Credentials credentials) {
        if (credentials.tokenFile() != null) {
            return GrafanaAuth.token(read(credentials.tokenFile(), "--grafana-token-file"));
        }
        if (credentials.passwordFile() != null) {
            return GrafanaAuth.basic(obs.install.AdminSecret.USER, read(credentials.passwordFile(), "--grafana-password-file"));
        }
        if (access.kube() == null) {
            throw ObsException.usage("Grafana needs credentials outside a cluster: give --grafana-token-file or --grafana-password-file");
        }
        return GrafanaAuth.adminSecret(access.kube(), access.namespace());
    }

    private static String read(Path file, String option) {
        try {
            String text = InputFile.readString(file).strip();
            if (text.isEmpty()) {
                throw ObsException.usage(option + " " + file + " is empty");
            }
            return text;
        } catch (IOException e) {
            throw ObsException.usage(option + ": cannot read " + file + ": " + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()), e);
        }
    }
}
