package obs.install;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import obs.kube.ServerSideApply;

/**
 * Grafana's admin credentials: generated once with a random password (never admin/admin), created rather than
 * applied so that an existing Secret, and a password someone changed, is never overwritten.
 */
public final class AdminSecret {
    /** The Secret Grafana's Deployment mounts (manifests/profiles/README.md, "Secrets the installation needs"). */
    public static final String NAME = "grafana-admin";
    static final String USER_KEY = "admin-user";
    static final String PASSWORD_KEY = "admin-password";
    public static final String USER = "admin";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AdminSecret() {
    }

    /**
     * Equivalent to {@code kubectl create secret generic grafana-admin} when it does not exist yet.
     *
     * @param owner an object of Grafana's, whose labels the Secret takes
     * @return true when it was created now
     */
    public static boolean ensure(KubernetesClient client, String namespace, HasMetadata owner) {
        if (client.secrets().inNamespace(namespace).withName(NAME).get() != null) {
            return false;
        }
        Secret secret = new SecretBuilder().withNewMetadata().withName(NAME).withNamespace(namespace)
                .withLabels(owner.getMetadata().getLabels()).endMetadata()
                .withType("Opaque").withData(Map.of(USER_KEY, base64(USER), PASSWORD_KEY, base64(password(24)))).build();
        try {
            client.secrets().inNamespace(namespace).resource(secret).create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                // Created by a concurrent run between the read and the create: theirs stays.
                return false;
            }
            throw ServerSideApply.failure(e, "create", secret);
        }
    }

    /** The live password, for --show-password; empty when the Secret or key is missing. */
    public static Optional<String> password(KubernetesClient client, String namespace) {
        Secret s = client.secrets().inNamespace(namespace).withName(NAME).get();
        if (s == null || s.getData() == null || s.getData().get(PASSWORD_KEY) == null) {
            return Optional.empty();
        }
        return Optional.of(new String(Base64.getDecoder().decode(s.getData().get(PASSWORD_KEY)), StandardCharsets.UTF_8));
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String password(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
