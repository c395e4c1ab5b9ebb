package obs.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import obs.backup.Manifest.MetricCount;
import obs.backup.Manifest.PrometheusFacts;
import obs.cli.Console;

/**
 * {@code backup verify}: the set's checksums; then a restore drill: a scratch Prometheus (a local process from the Debian
 * package, or a throwaway pod: {@link DrillScratch}) on a copy of the snapshot, whose series and sample counts must
 * equal the manifest's; then every dashboard must parse and name only datasources the set holds.
 */
public final class Verify {
    private Verify() {
    }

    /**
     * Verifies a set.
     *
     * @param scratch decides where the drill runs, given the set's manifest; asked only when the set holds a snapshot,
     *                and before the checksums, so a drill that cannot run is reported at once
     */
    public static VerifyReport run(Path set, Function<Manifest, DrillScratch> scratch, Console console) {
        List<VerifyReport.Line> lines = new ArrayList<>();
        Manifest manifest = Manifest.read(set);
        try (DrillScratch where = manifest.prometheus() != null ? scratch.apply(manifest) : null) {
            List<String> damaged = SetCheck.problems(set, manifest);
            lines.add(new VerifyReport.Line("checksums", damaged.isEmpty(),
                    damaged.isEmpty() ? manifest.files().size() + " files match the manifest" : String.join("; ", damaged)));
            if (!damaged.isEmpty()) {
                return new VerifyReport(set, lines);
            }
            if (where != null) {
                console.info("prometheus: restore drill on " + where.describe());
                lines.add(drill(set, manifest, where, console));
            }
        }
        if (manifest.grafana() != null) {
            List<String> problems = DashboardCheck.problems(set, manifest.grafana());
            lines.add(new VerifyReport.Line("grafana", problems.isEmpty(), problems.isEmpty()
                    ? manifest.grafana().dashboards() + " dashboards parse and name only datasources in the set" : String.join("; ", problems)));
        }
        return new VerifyReport(set, lines);
    }

    static VerifyReport.Line drill(Path set, Manifest manifest, DrillScratch where, Console console) {
        PrometheusFacts facts = manifest.prometheus();
        long snapshotBytes = manifest.files().stream().filter(f -> f.path().startsWith("prometheus/")).mapToLong(Manifest.FileEntry::size).sum();
        try (DrillScratch.Scratch p = where.start(set, Compression.of(manifest), snapshotBytes, console)) {
            console.progress("prometheus: counting");
            Map<String, MetricCount> got = new PrometheusCounts(p.route())
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
                    ? "a scratch Prometheus (" + p.describe() + ") serves the recorded " + facts.series() + " series and " + samples + " samples"
                    : String.join("; ", diffs) + " (scratch: " + p.describe() + ")");
        } catch (IOException e) {
            return new VerifyReport.Line("prometheus", false, "restore drill failed: " + BackupFailure.reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new VerifyReport.Line("prometheus", false, "interrupted");
        } catch (RuntimeException e) {
            return new VerifyReport.Line("prometheus", false, "restore drill failed: " + e.getMessage());
        } finally {
            console.progressDone();
        }
    }
}
