package obs.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import obs.backup.RestoreReport.Action;
import obs.core.Json;
import org.junit.jupiter.api.Test;

/** The Secrets of secrets.pgp against the mock API server: the layouts sealed, and a type that cannot change in place. */
@EnableKubernetesMockClient(crud = true)
class SealedSecretsTest {
    static final String NS = "obs";
    static KubernetesClient client;

    static RestoreReport restore(String sealed, boolean force) {
        RestoreReport report = new RestoreReport(Path.of("set"), false);
        SecretRestore.run(client, NS, Json.mapper().readTree(sealed), false, force, report);
        return report;
    }

    @Test
    void aSetThatSealedOnlyTheDataGetsOpaqueSecrets() {
        RestoreReport report = restore("{\"older\": {\"password\": \"cGFzcw==\"}}", false);
        assertEquals(List.of(new RestoreReport.Row("config", "secret older", Action.CREATE, "keys: password")), report.rows());
        Secret s = client.secrets().inNamespace(NS).withName("older").get();
        assertEquals("Opaque", s.getType());
        assertEquals(Map.of("password", "cGFzcw=="), s.getData());
    }

    @Test
    void aChangedTypeIsKeptWithoutForceAndRecreatedWithIt() {
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("tls").endMetadata()
                .withType("Opaque").withData(Map.of("tls.crt", "YQ==", "tls.key", "Yg==")).build()).create();
        String sealed = "{\"tls\": {\"type\": \"kubernetes.io/tls\", \"labels\": {\"app.kubernetes.io/part-of\": \"obs\"},"
                + " \"data\": {\"tls.crt\": \"YQ==\", \"tls.key\": \"Yg==\"}}}";
        RestoreReport kept = restore(sealed, false);
        assertEquals(List.of(new RestoreReport.Row("config", "secret tls", Action.KEPT,
                "exists and differs from the set (type Opaque in the cluster, kubernetes.io/tls in the set)")), kept.rows());
        assertEquals(1, kept.render(Quiet.console()));
        RestoreReport replaced = restore(sealed, true);
        assertEquals(Action.REPLACE, replaced.rows().getFirst().action());
        Secret s = client.secrets().inNamespace(NS).withName("tls").get();
        assertEquals("kubernetes.io/tls", s.getType());
        assertEquals("obs", s.getMetadata().getLabels().get("app.kubernetes.io/part-of"));
    }
}
