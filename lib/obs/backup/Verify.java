package obs.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import obs.access.Endpoints;
import obs.backup.Manifest.MetricCount;
import obs.backup.Manifest.PrometheusFacts;
import obs.cli.Console;
import obs.sandbox.ScratchPrometheus;

/**
 * {@code backup verify}: the set's checksums; then a restore drill: the snapshot copied into a scratch folder and
 * opened by a scratch Prometheus (the Debian package's), whose series and sample counts must equal the manifest's;
 * then every dashboard must parse and name only datasources the set holds.
 */
public final class Verify {
    private Verify() {
    }

    public static VerifyReport run(Path set, Console console) {
        List<VerifyReport.Line> lines = new ArrayList<>();
        Manifest manifest = Manifest.read(set);
        List<String> damaged = SetCheck.problems(set, manifest);
        lines.add(new VerifyReport.Line("checksums", damaged.isEmpty(),
                damaged.isEmpty() ? manifest.files().size() + " files match the manifest" : String.join("; ", damaged)));
        if (!damaged.isEmpty()) {
            return new VerifyReport(set, lines);
        }
        if (manifest.prometheus() != null) {
            lines.add(drill(set, Compression.of(manifest), manifest.prometheus(), console));
        }
        if (manifest.grafana() != null) {
            List<String> problems = DashboardCheck.problems(set, manifest.grafana());
            lines.add(new VerifyReport.Line("grafana", problems.isEmpty(), problems.isEmpty()
                    ? manifest.grafana().dashboards() + " dashboards parse and name only datasources in the set" : String.join("; ", problems)));
        }
        return new VerifyReport(set, lines);
    }

    static VerifyReport.Line drill(Path set, Compression compression, PrometheusFacts facts, Console console) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("obs-verify-");
            console.progress("prometheus: copying the snapshot for the drill");
            SnapshotFiles.materialize(set, compression, scratch.resolve("data"));
            console.progress("prometheus: starting a scratch Prometheus");
            try (ScratchPrometheus p = ScratchPrometheus.start(scratch.resolve("data"), scratch.resolve("work"))) {
                console.progress("prometheus: counting");
                Map<String, MetricCount> got = new PrometheusCounts(new Endpoints(Map.of("prometheus", p.url()), null, null, false)
                        .route(obs.stack.Stack.get("prometheus"), obs.stack.Stack.get("prometheus").httpPort()).orElseThrow())
                        .count(List.copyOf(facts.metrics().keySet()), facts.minTimeMs(), facts.evaluatedAtMs());
                List<String> diffs = new ArrayList<>();
                facts.metrics().forEach((metric, want) -> {
                    MetricCount have = got.get(metric);
                    if (!want.equals(have)) {
                        diffs.add(metric + ": " + have.series() + " series and " + have.samples() + " samples, the manifest recorded "
                                + want.series() + " and " + want.samples());
                    }
                });
                long samples = got.values().stream().mapToLong(MetricCount::samples).sum();
                return new VerifyReport.Line("prometheus", diffs.isEmpty(), diffs.isEmpty()
                        ? "a scratch Prometheus serves the recorded " + facts.series() + " series and " + samples + " samples"
                        : String.join("; ", diffs));
            }
        } catch (IOException e) {
            return new VerifyReport.Line("prometheus", false, "restore drill failed: " + BackupFailure.reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new VerifyReport.Line("prometheus", false, "interrupted");
        } catch (RuntimeException e) {
            return new VerifyReport.Line("prometheus", false, "restore drill failed: " + e.getMessage());
        } finally {
            console.progressDone();
            if (scratch != null) {
                SetWriter.deleteTree(scratch);
            }
        }
    }

}
