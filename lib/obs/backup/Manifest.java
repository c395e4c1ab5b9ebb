package obs.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import obs.core.InputFile;
import obs.core.Json;
import obs.core.ObsException;
import tools.jackson.core.JacksonException;

/**
 * manifest.json of a backup set: what was saved, from where, when, with every file's size and SHA-256, and the
 * Prometheus counts that {@code backup verify} compares a restored copy against.
 *
 * @param format            this layout's version
 * @param parts             the parts saved (prometheus, grafana, alertmanager, config)
 * @param compression       none, gzip or zstd: how the Prometheus snapshot is stored ({@link Compression})
 * @param secretsEncrypted  whether secrets.pgp (OpenPGP, passphrase from the user's key file) is in the set
 * @param files             every file of the set but manifest.json itself, paths relative with '/'
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(int format, String obsVersion, Source source, Map<String, String> componentVersions, String startedAt,
                       String finishedAt, List<String> parts, String compression, boolean secretsEncrypted,
                       List<FileEntry> files, PrometheusFacts prometheus, GrafanaFacts grafana) {
    public static final int FORMAT = 1;
    public static final String NAME = "manifest.json";
    /** A manifest lists one entry per file; 10,000 dashboards and a large TSDB stay well below this. */
    static final int LIMIT = 64 << 20;

    /** Where the backup came from: the stack's mode (cluster, sandbox, endpoints), the cluster URL and namespace. */
    public record Source(String mode, String cluster, String namespace) {
    }

    /** One file: path relative to the set, size in bytes, SHA-256 in lower-case hex. */
    public record FileEntry(String path, long size, String sha256) {
    }

    /**
     * Prometheus' counts at backup time, over [minTimeMs, evaluatedAtMs] of the snapshot.
     *
     * @param snapshot      the snapshot's name in Prometheus
     * @param evaluatedAtMs the time the counts were taken at (a minute before the snapshot, so every sample counted
     *                      was committed before it)
     * @param minTimeMs     the oldest sample time in the snapshot's blocks
     * @param series        series of the counted metrics
     * @param metrics       per metric: series and samples
     */
    public record PrometheusFacts(String snapshot, long evaluatedAtMs, long minTimeMs, long series,
                                  Map<String, MetricCount> metrics) {
    }

    public record MetricCount(long series, long samples) {
    }

    /** What the Grafana export held, and the datasource uids dashboards may name. */
    public record GrafanaFacts(int folders, int dashboards, int libraryPanels, int datasources, int alertRules,
                               List<String> datasourceUids) {
    }

    /** Reads a set's manifest; a missing, oversized or malformed one is a problem naming the file. */
    public static Manifest read(Path set) {
        Path file = set.resolve(NAME);
        try {
            Manifest m = Json.mapper().readValue(InputFile.readBytes(file, LIMIT), Manifest.class);
            if (m.format() != FORMAT || m.files() == null || m.parts() == null) {
                throw ObsException.problem(file + ": not a backup manifest of format " + FORMAT);
            }
            return m;
        } catch (NoSuchFileException e) {
            throw ObsException.problem(set + " is not a complete backup set: " + NAME + " is missing");
        } catch (IOException e) {
            throw ObsException.problem("cannot read " + file + ": " + e.getMessage());
        } catch (JacksonException e) {
            throw ObsException.problem(file + " is damaged: " + e.getOriginalMessage());
        }
    }

    public byte[] toBytes() {
        return Json.mapper().writeValueAsBytes(this);
    }
}
