package obs.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import obs.core.Json;
import obs.fakes.GrafanaFake;
import obs.fakes.LokiFake;
import obs.fakes.TempoFake;
import obs.grafana.GrafanaAuth;
import obs.grafana.GrafanaClient;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Grafana, Loki and Tempo as in-test fakes, with Grafana provisioned the way the stack provisions it: the
 * datasources of manifests/grafana/provisioning and the dashboards of manifests/grafana/dashboards, posted through
 * Grafana's API.
 */
final class FakeStack implements AutoCloseable {
    final LokiFake loki = LokiFake.start();
    final TempoFake tempo = TempoFake.start();
    final GrafanaFake grafana = GrafanaFake.start();
    final Path tokenFile;

    FakeStack(Path dir) throws IOException {
        tokenFile = Files.writeString(dir.resolve("grafana-token"), GrafanaFake.TOKEN + "\n");
    }

    /** Posts the provisioned datasources (Grafana expands $$ to $) and dashboards, as provisioning would. */
    FakeStack provisioned() throws IOException {
        try (GrafanaClient client = new GrafanaClient(grafana.url(), GrafanaAuth.token(GrafanaFake.TOKEN))) {
            for (JsonNode ds : datasources()) {
                client.objects().createDatasource(ds);
            }
            try (var files = Files.newDirectoryStream(Path.of("manifests/grafana/dashboards"), "*.json")) {
                for (Path f : files) {
                    client.objects().saveDashboard(Json.mapper().readTree(Files.readString(f)), null, true, "provisioned");
                }
            }
        }
        return this;
    }

    /** The provisioned datasources as JSON, with Grafana's environment expansion of $$ applied. */
    static List<JsonNode> datasources() throws IOException {
        String text = Files.readString(Path.of("manifests/grafana/provisioning/datasources/datasources.yaml")).replace("$$", "$");
        Map<String, Object> doc = new Yaml().load(text);
        List<JsonNode> out = new ArrayList<>();
        for (Object ds : (List<?>) doc.get("datasources")) {
            ObjectNode node = Json.mapper().valueToTree(ds);
            node.remove("editable");
            out.add(node);
        }
        return out;
    }

    /** --endpoint options for the fakes, and the Grafana token. */
    List<String> args() {
        return List.of("--endpoint", "loki=" + loki.url(), "--endpoint", "tempo=" + tempo.url(),
                "--endpoint", "tempo:otlp-http=" + tempo.otlpUrl(), "--endpoint", "tempo:zipkin=" + tempo.zipkinUrl(),
                "--endpoint", "tempo:jaeger-thrift=" + tempo.jaegerUrl(),
                "--endpoint", "grafana=" + grafana.url(), "--grafana-token-file", tokenFile.toString());
    }

    @Override
    public void close() {
        loki.close();
        tempo.close();
        grafana.close();
    }
}
