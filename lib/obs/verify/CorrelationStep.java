package obs.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import obs.grafana.GrafanaClient;
import tools.jackson.databind.JsonNode;

/**
 * The canary: the run's metric, log line and trace share the run id and trace id, and the links a user clicks in
 * Grafana work: Tempo's trace-to-logs points at the Loki datasource, trace-to-metrics at Prometheus, and Loki's
 * derived field extracts the trace id from the canary line and opens it in Tempo.
 */
final class CorrelationStep implements Step {
    @Override
    public StepName name() {
        return StepName.correlation;
    }

    @Override
    public Optional<String> skipReason(Run run) {
        return Step.needs(run, GrafanaConnection.GRAFANA, Loki.LOKI, TracesStep.TEMPO, Prom.PROMETHEUS);
    }

    @Override
    public void run(Run run, Outcome out) throws Exception {
        try (GrafanaClient client = GrafanaConnection.open(run)) {
            links(run, client.objects().datasources(), out);
        } catch (RuntimeException e) {
            out.problem(e.getMessage());
        }
        signals(run, out);
    }

    private static void links(Run run, List<JsonNode> datasources, Outcome out) {
        Optional<JsonNode> tempo = byType(datasources, "tempo");
        Optional<JsonNode> loki = byType(datasources, "loki");
        Optional<JsonNode> prometheus = byType(datasources, "prometheus");
        List<String> absent = new ArrayList<>();
        tempo.ifPresentOrElse(x -> { }, () -> absent.add("tempo"));
        loki.ifPresentOrElse(x -> { }, () -> absent.add("loki"));
        prometheus.ifPresentOrElse(x -> { }, () -> absent.add("prometheus"));
        if (!absent.isEmpty()) {
            out.problem("Grafana has no datasource of type " + String.join(", ", absent));
            return;
        }
        String lokiUid = uid(loki.get());
        String promUid = uid(prometheus.get());
        String tempoUid = uid(tempo.get());
        JsonNode t = tempo.get().path("jsonData");
        String toLogs = t.path("tracesToLogsV2").path("datasourceUid").asString(t.path("tracesToLogs").path("datasourceUid").asString(""));
        String toMetrics = t.path("tracesToMetrics").path("datasourceUid").asString("");
        check(out, toLogs.equals(lokiUid), "Tempo's trace-to-logs opens Loki (uid " + lokiUid + ")",
                "Tempo's trace-to-logs points at datasource uid '" + toLogs + "', not Loki's uid " + lokiUid);
        check(out, toMetrics.equals(promUid), "trace-to-metrics opens Prometheus (uid " + promUid + ")",
                "Tempo's trace-to-metrics points at datasource uid '" + toMetrics + "', not Prometheus' uid " + promUid);
        derivedField(run, loki.get(), tempoUid, out);
    }

    /** A derived field of the Loki datasource that links to Tempo must pull the run's trace id out of the canary line. */
    private static void derivedField(Run run, JsonNode loki, String tempoUid, Outcome out) {
        List<String> tried = new ArrayList<>();
        for (JsonNode f : loki.path("jsonData").path("derivedFields")) {
            if (!tempoUid.equals(f.path("datasourceUid").asString(""))) {
                continue;
            }
            String regex = f.path("matcherRegex").asString("");
            try {
                Matcher m = Pattern.compile(regex).matcher(run.canaryLine());
                if (m.find() && m.groupCount() >= 1 && run.traceId().equals(m.group(1))) {
                    out.ok("Loki's derived field '" + f.path("name").asString("") + "' extracts the trace id and opens Tempo");
                    return;
                }
                tried.add("'" + f.path("name").asString("") + "' (" + regex + ") does not capture the trace id");
            } catch (PatternSyntaxException e) {
                tried.add("'" + f.path("name").asString("") + "' has a regex obs cannot read: " + e.getDescription());
            }
        }
        out.problem(tried.isEmpty() ? "Loki's datasource has no derived field linking to Tempo (uid " + tempoUid + "): trace ids in "
                + "log lines are not links" : "Loki's derived field to Tempo does not work on the canary line: " + String.join("; ", tried));
    }

    /** Waits for the pipeline steps of this run: the metric, line and trace all carry its run id and trace id. */
    private static void signals(Run run, Outcome out) throws InterruptedException {
        List<String> missing = new ArrayList<>();
        if (!found(run, run.evidence().metric)) {
            missing.add("the metric (metrics step)");
        }
        if (!found(run, run.evidence().line)) {
            missing.add("the log line (logs step)");
        }
        if (!found(run, run.evidence().trace)) {
            missing.add("the trace (traces step)");
        }
        if (missing.isEmpty()) {
            out.ok("metric, log line and trace of run " + run.id() + " found, sharing trace id " + run.traceId());
        } else {
            out.problem("not found again, so not correlated: " + String.join(", ", missing));
        }
    }

    private static boolean found(Run run, CompletableFuture<Boolean> f) throws InterruptedException {
        try {
            return f.get(run.deadline().remaining().toMillis() + 1, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            return false;
        }
    }

    private static void check(Outcome out, boolean ok, String good, String bad) {
        if (ok) {
            out.ok(good);
        } else {
            out.problem(bad);
        }
    }

    private static Optional<JsonNode> byType(List<JsonNode> datasources, String type) {
        return datasources.stream().filter(d -> type.equals(d.path("type").asString(""))).findFirst();
    }

    private static String uid(JsonNode ds) {
        return ds.path("uid").asString("");
    }
}
