package obs.backup;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import obs.backup.RestoreReport.Action;
import obs.core.Exit;
import obs.core.Json;
import obs.core.ObsException;
import obs.install.AdminSecret;
import obs.kube.ServerSideApply;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * The stack's Kubernetes Secrets back from the set's secrets.pgp: each created when missing, replaced only with
 * --force. What restore prints names the Secret and the keys that differ, never a value.
 */
final class SecretRestore {
    /** One Secret as sealed in secrets.pgp: its type, labels and data (base64, as the API holds it). */
    record Sealed(String type, Map<String, String> labels, Map<String, String> data) {
        static Sealed of(Secret s) {
            return new Sealed(s.getType(), s.getMetadata().getLabels(), s.getData() == null ? Map.of() : s.getData());
        }
    }

    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {
    };

    private SecretRestore() {
    }

    /**
     * @param sealed the {@code kubernetesSecrets} object of the decrypted secrets.pgp, by Secret name
     */
    static void run(KubernetesClient client, String namespace, JsonNode sealed, boolean dryRun, boolean force, RestoreReport report) {
        Map<String, Sealed> byName = new TreeMap<>();
        sealed.properties().forEach(e -> byName.put(e.getKey(), e.getValue().path("data").isObject()
                ? Json.mapper().treeToValue(e.getValue(), Sealed.class)
                // Sets of obs 0.1.0 before Secrets were restored sealed only the data, by name.
                : new Sealed("Opaque", Map.of(), Json.mapper().convertValue(e.getValue(), STRINGS))));
        byName.forEach((name, saved) -> {
            Secret wanted = new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(saved.labels()).endMetadata()
                    .withType(saved.type()).withData(saved.data()).build();
            try {
                restoreOne(client, wanted, dryRun, force, report);
            } catch (ObsException failure) {
                if (failure.exit() == Exit.UNREACHABLE) {
                    throw failure;
                }
                report.add(Part.CONFIG.word(), "secret " + name, Action.FAILED, failure.getMessage());
            }
        });
    }

    private static void restoreOne(KubernetesClient client, Secret wanted, boolean dryRun, boolean force, RestoreReport report) {
        String name = wanted.getMetadata().getName();
        var secrets = client.secrets().inNamespace(wanted.getMetadata().getNamespace());
        Secret live = call("get", wanted, () -> secrets.withName(name).get());
        String what = "secret " + name;
        if (live == null) {
            if (!dryRun) {
                call("create", wanted, () -> secrets.resource(wanted).create());
            }
            report.add(Part.CONFIG.word(), what, Action.CREATE, keys("keys", wanted.getData().keySet()));
            return;
        }
        Map<String, String> have = live.getData() == null ? Map.of() : live.getData();
        List<String> differ = differingKeys(have, wanted.getData());
        boolean sameType = Objects.equals(Objects.requireNonNullElse(live.getType(), "Opaque"), Objects.requireNonNullElse(wanted.getType(), "Opaque"));
        if (differ.isEmpty() && sameType) {
            report.add(Part.CONFIG.word(), what, Action.UNCHANGED, "");
            return;
        }
        String detail = sameType ? keys("keys that differ", differ) : "type " + live.getType() + " in the cluster, " + wanted.getType() + " in the set";
        if (!force) {
            report.add(Part.CONFIG.word(), what, Action.KEPT, "exists and differs from the set (" + detail + ")");
            return;
        }
        if (!dryRun) {
            if (sameType) {
                live.setData(wanted.getData());
                call("update", wanted, () -> secrets.resource(live).update());
            } else {
                // A Secret's type cannot change in place: the API refuses the update.
                call("delete", wanted, () -> secrets.withName(name).delete());
                call("create", wanted, () -> secrets.resource(wanted).create());
            }
        }
        report.add(Part.CONFIG.word(), what, Action.REPLACE, detail + (name.equals(AdminSecret.NAME)
                ? "; Grafana takes it only into a new database: the password in its database stays until changed there" : ""));
    }

    /** One API call; a refusal becomes the one-line reason naming the verb and the Secret (never its data). */
    private static <T> T call(String verb, Secret o, Supplier<T> request) {
        try {
            return request.get();
        } catch (KubernetesClientException e) {
            throw ServerSideApply.failure(e, verb, o);
        }
    }

    private static List<String> differingKeys(Map<String, String> have, Map<String, String> want) {
        TreeSet<String> all = new TreeSet<>(have.keySet());
        all.addAll(want.keySet());
        return all.stream().filter(k -> !Objects.equals(have.get(k), want.get(k))).toList();
    }

    /** Key names only: they say what a Secret holds without holding it. */
    private static String keys(String label, Collection<String> keys) {
        return keys.isEmpty() ? "no keys" : label + ": " + String.join(", ", new TreeSet<>(keys));
    }
}
