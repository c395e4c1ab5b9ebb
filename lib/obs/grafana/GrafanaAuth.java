package obs.grafana;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import obs.core.ObsException;
import obs.install.AdminSecret;

/**
 * How obs signs in to Grafana: a service-account token (preferred: bound to one org, revocable) or the admin user's
 * password from the Secret install created. The credential never appears in {@link #toString()} or a message.
 */
public final class GrafanaAuth {
    private final String header;
    private final String description;

    private GrafanaAuth(String header, String description) {
        this.header = header;
        this.description = description;
    }

    /** {@code Authorization: Bearer <token>}, a service-account token ({@code glsa_...}). */
    public static GrafanaAuth token(String token) {
        if (token == null || token.isBlank()) {
            throw ObsException.usage("the Grafana token is empty");
        }
        return new GrafanaAuth("Bearer " + token.strip(), "a service-account token");
    }

    /** HTTP basic with a user and password. */
    public static GrafanaAuth basic(String user, String password) {
        String pair = user + ":" + password;
        return new GrafanaAuth("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)),
                "user " + user);
    }

    /**
     * The admin credentials from the Secret install created in {@code namespace}, as
     * {@code kubectl -n NS get secret grafana-admin -o jsonpath='{.data.admin-password}' | base64 -d} shows them.
     */
    public static GrafanaAuth adminSecret(KubernetesClient client, String namespace) {
        String password = AdminSecret.password(client, namespace).orElseThrow(() -> ObsException.problem(
                "no Grafana credentials: Secret " + AdminSecret.NAME + " in namespace " + namespace
                        + " has no password (give a service-account token with --grafana-token-file)"));
        return basic(AdminSecret.USER, password);
    }

    /** The value of the Authorization header. */
    String header() {
        return header;
    }

    /** What the credential is, without the secret, for messages ("user admin", "a service-account token"). */
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return "GrafanaAuth[" + description + "]";
    }
}
