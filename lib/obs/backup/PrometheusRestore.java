package obs.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import obs.access.Endpoints;
import obs.backup.Manifest.MetricCount;
import obs.backup.Manifest.PrometheusFacts;
import obs.backup.RestoreReport.Action;
import obs.cli.Console;
import obs.sandbox.LocalStack;

/**
 * Prometheus back from a set on this host (the sandbox's): the snapshot is unpacked beside the data folder while
 * Prometheus still runs, then Prometheus is stopped, the folders swapped, and it is started again on the same port;
 * the old data is deleted only once the restored Prometheus serves the manifest's counts. A Prometheus that holds
 * blocks of its own is replaced only with {@code force}.
 */
final class PrometheusRestore {
    private static final String PART = "prometheus";
    private static final Pattern BLOCK = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");

    private PrometheusRestore() {
    }

    static void local(Path set, Compression compression, PrometheusFacts facts, LocalStack.Options sandbox, Path dataDir, Endpoints.Route route,
                      boolean dryRun, boolean force, RestoreReport report, Console console) throws IOException, InterruptedException {
        long blocks = blocks(dataDir);
        String what = "data of " + dataDir;
        if (blocks > 0 && !force) {
            report.add(PART, what, Action.KEPT, "holds " + blocks + " block(s) of its own; --force replaces them with snapshot " + facts.snapshot());
            return;
        }
        Action action = blocks > 0 ? Action.REPLACE : Action.CREATE;
        String detail = "snapshot " + facts.snapshot() + "; Prometheus is stopped and started again"
                + (blocks == 0 ? " (its few minutes of unsaved head data are dropped)" : "");
        if (dryRun) {
            report.add(PART, what, action, detail);
            return;
        }
        Path restoring = dataDir.resolveSibling(dataDir.getFileName() + ".restoring");
        Path old = dataDir.resolveSibling(dataDir.getFileName() + ".replaced");
        SetWriter.deleteTree(restoring);
        SetWriter.deleteTree(old);
        console.progress("prometheus: unpacking the snapshot");
        try {
            SnapshotFiles.materialize(set, compression, restoring);
        } catch (IOException e) {
            SetWriter.deleteTree(restoring);
            throw e;
        } finally {
            console.progressDone();
        }
        LocalStack.restart(sandbox, "prometheus", console, data -> {
            Files.move(data, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(restoring, data, StandardCopyOption.ATOMIC_MOVE);
        });
        Map<String, MetricCount> got = new PrometheusCounts(route).count(List.copyOf(facts.metrics().keySet()), facts.minTimeMs(), facts.evaluatedAtMs());
        for (var e : facts.metrics().entrySet()) {
            MetricCount have = got.get(e.getKey());
            if (have.samples() < e.getValue().samples() || have.series() < e.getValue().series()) {
                report.add(PART, what, Action.FAILED, "restored, but it serves " + have.samples() + " samples of " + e.getKey()
                        + " where the manifest recorded " + e.getValue().samples() + "; the replaced data is kept in " + old);
                return;
            }
        }
        SetWriter.deleteTree(old);
        report.add(PART, what, action, detail + "; it serves the manifest's " + facts.series() + " series and their samples");
    }

    /** The TSDB blocks (ULID-named folders) in a data folder. */
    static long blocks(Path dataDir) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            return 0;
        }
        try (Stream<Path> list = Files.list(dataDir)) {
            return list.filter(p -> BLOCK.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p)).count();
        }
    }
}
