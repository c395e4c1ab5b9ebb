package obs.backup;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import obs.backup.RestoreReport.Action;
import obs.core.Json;
import obs.install.InstallRecord;
import obs.kube.Kube;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The smaller parts back from a set: the stack's ConfigMaps into the cluster (created when missing, replaced only
 * with force), and Alertmanager's silences (those still running and not already there; Alertmanager gives each a
 * new id). Alertmanager's own configuration comes back with the config part (its ConfigMap).
 */
final class OtherRestore {
    private OtherRestore() {
    }

    static void configMaps(KubernetesClient client, String namespace, Path set, boolean dryRun, boolean force, RestoreReport report)
            throws IOException {
        Path dir = set.resolve(ConfigPart.DIR).resolve("configmaps");
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.sorted().toList();
        }
        try {
            for (Path f : files) {
                ConfigMap saved = client.getKubernetesSerialization().unmarshal(Files.readString(f), ConfigMap.class);
                saved.getMetadata().setNamespace(namespace);
                String name = saved.getMetadata().getName();
                ConfigMap live = client.configMaps().inNamespace(namespace).withName(name).get();
                if (live == null) {
                    if (!dryRun) {
                        client.configMaps().inNamespace(namespace).resource(saved).create();
                    }
                    report.add("config", "configmap " + name, Action.CREATE, "");
                } else if (Objects.equals(live.getData(), saved.getData()) && Objects.equals(live.getBinaryData(), saved.getBinaryData())) {
                    report.add("config", "configmap " + name, Action.UNCHANGED, "");
                } else if (name.equals(InstallRecord.CONFIG_MAP) && InstallRecord.sameInputs(live.getData(), saved.getData())) {
                    report.add("config", "configmap " + name, Action.UNCHANGED, "installed again with the same inputs at "
                            + live.getData().get(InstallRecord.INSTALLED_AT));
                } else if (force) {
                    if (!dryRun) {
                        live.setData(saved.getData());
                        live.setBinaryData(saved.getBinaryData());
                        client.configMaps().inNamespace(namespace).resource(live).update();
                    }
                    report.add("config", "configmap " + name, Action.REPLACE, "the components read it at their next reload or restart");
                } else {
                    report.add("config", "configmap " + name, Action.KEPT, "exists and differs from the set");
                }
            }
        } catch (KubernetesClientException e) {
            throw Kube.explain(e, client);
        }
    }

    /**
     * When the set holds the install record: a note on how to install the same again, with the profile it names and
     * the given values of Secret obs-install-values, or where those values are when this restore did not bring it back.
     */
    static void installRecord(KubernetesClient client, Path set, String namespace, RestoreReport report) throws IOException {
        Path file = set.resolve(ConfigPart.DIR).resolve("configmaps").resolve(GrafanaPart.fileName(InstallRecord.CONFIG_MAP) + ".yaml");
        if (!Files.exists(file)) {
            return;
        }
        Map<String, String> record = client.getKubernetesSerialization().unmarshal(Files.readString(file), ConfigMap.class).getData();
        String installed = "the set's stack was installed by obs " + record.get(InstallRecord.VERSION) + " with profile "
                + record.get(InstallRecord.PROFILE) + " at " + record.get(InstallRecord.INSTALLED_AT);
        boolean fromSet = report.rows().stream().anyMatch(r -> r.object().equals("secret " + InstallRecord.SECRET)
                && List.of(Action.CREATE, Action.REPLACE, Action.UNCHANGED).contains(r.action()));
        String command = InstallRecord.reinstall(record, namespace);
        if (fromSet) {
            report.note(installed + "; to install the same again" + (report.dryRun() ? " once restored" : "") + ": " + command);
        } else if (Files.exists(set.resolve(SecretsBox.FILE))) {
            report.note(installed + "; the values given on top of the profile are sealed in " + SecretsBox.FILE + " as Secret "
                    + InstallRecord.SECRET + ", not restored: restore it with --secrets-key-file (and --force over an existing one), then: "
                    + command);
        } else {
            report.note(installed + "; the set holds no given values (backed up without --include-secrets): "
                    + set.relativize(file) + " has the effective values, secret-like ones redacted");
        }
    }

    static void silences(URI alertmanager, Path set, boolean dryRun, RestoreReport report) throws IOException, InterruptedException {
        Path file = set.resolve("alertmanager/silences.json");
        if (!Files.exists(file)) {
            return;
        }
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            JsonNode live = Json.mapper().readTree(send(http, HttpRequest.newBuilder(URI.create(alertmanager + "/api/v2/silences")).GET()));
            for (JsonNode s : Json.mapper().readTree(Files.readAllBytes(file))) {
                String what = "silence " + s.path("matchers").toString().replaceAll("\"", "");
                if (Instant.parse(s.path("endsAt").asString("1970-01-01T00:00:00Z")).isBefore(Instant.now())) {
                    report.add("alertmanager", what, Action.UNCHANGED, "ended since the backup");
                    continue;
                }
                boolean present = false;
                for (JsonNode l : live) {
                    present |= l.path("matchers").equals(s.path("matchers")) && l.path("endsAt").equals(s.path("endsAt"))
                            && !"expired".equals(l.path("status").path("state").asString(""));
                }
                if (present) {
                    report.add("alertmanager", what, Action.UNCHANGED, "");
                    continue;
                }
                if (!dryRun) {
                    ObjectNode body = ((ObjectNode) s).deepCopy();
                    body.remove(List.of("id", "status", "updatedAt"));
                    send(http, HttpRequest.newBuilder(URI.create(alertmanager + "/api/v2/silences")).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body))));
                }
                report.add("alertmanager", what, Action.CREATE, "until " + s.path("endsAt").asString(""));
            }
        }
    }

    private static byte[] send(HttpClient http, HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("Alertmanager answered " + r.statusCode() + ": " + obs.http.PlainHttp.excerpt(new String(r.body())));
        }
        return r.body();
    }
}
