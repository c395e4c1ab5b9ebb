package obs.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import obs.fakes.GrafanaFake;
import obs.sandbox.SandboxFixture;
import obs.sandbox.SandboxFixture.Run;

/** A Grafana fake filled like a real instance, and backup runs of its Grafana part. */
final class GrafanaSets {
    static final String LOKI_SECRET = "loki-basic-auth-s3cret";
    static final String SLACK_SECRET = "https://hooks.slack.example/T000/SECRET";

    private GrafanaSets() {
    }

    /** Nested folders (3 deep), {@code dashboards} dashboards using the datasources, 3 library panels, alerting. */
    static GrafanaFake filled(int dashboards) throws IOException {
        GrafanaFake fake = GrafanaFake.start();
        fake.addFolder("ops", "Ops", null);
        fake.addFolder("net", "Net", "ops");
        fake.addFolder("dns", "DNS", "net");
        fake.addFolder("apps", "Apps", null);
        fake.addDatasource("prom", "Prometheus", "prometheus", "http://prometheus:9090", Map.of());
        fake.addDatasource("loki", "Loki", "loki", "http://loki:3100", Map.of("basicAuthPassword", LOKI_SECRET));
        String[] folders = {null, "ops", "net", "dns", "apps"};
        for (int i = 0; i < dashboards; i++) {
            fake.addDashboardUsing(String.format("dash-%04d", i), "Dashboard " + i, folders[i % folders.length], i % 2 == 0 ? "prom" : "loki");
        }
        fake.addLibraryPanel("lp-errors", "Errors", "net");
        fake.addLibraryPanel("lp-latency", "Latency", null);
        fake.addLibraryPanel("lp-dns", "DNS answers", "dns");
        fake.addAlertRule("rule-1", "High errors", "ops", "obs", "prom");
        fake.addAlertRule("rule-2", "DNS slow", "dns", "obs", "prom");
        fake.addContactPoint("cp-slack", "ops-slack", "slack", Map.of("recipient", "#ops"), Map.of("url", SLACK_SECRET));
        fake.addMuteTiming("office-hours");
        fake.addTemplate("obs.title", "{{ .CommonLabels.alertname }}");
        return fake;
    }

    /** The fake's token in a file, written once (runs started at once share it). */
    static synchronized Path token(Path dir) throws IOException {
        Path token = dir.resolve("grafana-token");
        if (!Files.exists(token)) {
            Files.writeString(token, GrafanaFake.TOKEN + "\n");
        }
        return token;
    }

    /** backup --only grafana against the fake, into {@code target}, with extra arguments. */
    static Run backup(GrafanaFake fake, Path dir, Path target, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--endpoint", "grafana=" + fake.url(), "--only", "grafana",
                "--grafana-token-file", token(dir).toString(), "--to", target.toString()));
        args.addAll(List.of(extra));
        return SandboxFixture.run("Backup", args.toArray(String[]::new));
    }
}
