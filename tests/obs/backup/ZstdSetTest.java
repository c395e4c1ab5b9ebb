package obs.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import obs.access.EndpointsFile;
import obs.backup.Manifest.FileEntry;
import obs.sandbox.LocalStack;
import obs.sandbox.SandboxFixture;
import obs.sandbox.SandboxFixture.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --compress zstd} with the real Prometheus from Debian: the snapshot stored as one standard zstd-compressed
 * tar, verified by a scratch Prometheus and restored into a fresh one with the same past samples; a corrupt archive,
 * and a set whose manifest names another compression, are refused naming the file.
 */
class ZstdSetTest {
    static final String ARCHIVE = "prometheus/snapshot.tar.zst";
    static Path state;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        SandboxFixture.assumeInstalled(List.of("prometheus"));
        state = Files.createTempDirectory("obs-backup-zstd");
        History.backfill(state.resolve("prometheus/data"), 10, 400, 15, Duration.ofHours(3));
        LocalStack.up(new LocalStack.Options(state, Path.of("").toAbsolutePath(), List.of("prometheus"), false, Map.of()), Quiet.console());
    }

    @AfterAll
    static void stop() {
        if (state != null) {
            LocalStack.down(state, true, Quiet.console());
        }
    }

    private Path backup() {
        Run run = SandboxFixture.run("Backup", "--state-dir", state.toString(), "--only", "prometheus", "--to", dir.resolve("sets").toString(),
                "--compress", "zstd");
        assertEquals(0, run.exit(), run.toString());
        return Path.of(run.out().strip());
    }

    private static URI url(Path stateDir) {
        return URI.create(EndpointsFile.read(EndpointsFile.in(stateDir)).components().get("prometheus").url());
    }

    @Test
    void zstdSetRoundTripsThroughBackupVerifyAndRestore() throws Exception {
        Path set = backup();
        assertTrue(Files.isRegularFile(set.resolve(ARCHIVE)));
        assertFalse(Files.exists(set.resolve("prometheus/snapshot.tar.gz")));
        assertFalse(Files.exists(set.resolve(SnapshotSink.DIR)));
        Manifest m = Manifest.read(set);
        assertEquals("zstd", m.compression());
        assertTrue(m.files().stream().anyMatch(f -> f.path().equals(ARCHIVE)), m.files().toString());
        if (Files.isExecutable(Path.of("/usr/bin/zstd"))) {
            Process test = new ProcessBuilder("zstd", "-q", "-t", set.resolve(ARCHIVE).toString()).redirectErrorStream(true).start();
            String said = new String(test.getInputStream().readAllBytes());
            assertTrue(test.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, test.exitValue(), "the reference zstd reads the archive: " + said);
        }

        Run verify = SandboxFixture.run("Backup", "verify", set.toString());
        assertEquals(0, verify.exit(), verify.toString());
        assertTrue(verify.out().matches("(?s).*a scratch Prometheus \\(local Prometheus http://127\\.0\\.0\\.1:\\d+\\) serves the recorded 10 series.*"), verify.out());

        long past = m.prometheus().minTimeMs() / 1000 + 3600;
        String point = PrometheusBackupTest.at(url(state), "sum(up{job=\"history\"})", past);
        assertEquals("10", point);
        Path fresh = dir.resolve("fresh");
        LocalStack.up(new LocalStack.Options(fresh, Path.of("").toAbsolutePath(), List.of("prometheus"), false, Map.of()), Quiet.console());
        try {
            assertEquals("none", PrometheusBackupTest.at(url(fresh), "sum(up{job=\"history\"})", past));
            Run restore = SandboxFixture.run("Restore", "--state-dir", fresh.toString(), "--from", set.toString(), "--only", "prometheus");
            assertEquals(0, restore.exit(), restore.toString());
            assertTrue(restore.out().contains("it serves the manifest's"), restore.out());
            assertEquals(point, PrometheusBackupTest.at(url(fresh), "sum(up{job=\"history\"})", past));
        } finally {
            LocalStack.down(fresh, true, Quiet.console());
        }
    }

    @Test
    void aCorruptZstdArchiveIsRefusedNamingIt() throws Exception {
        Path set = backup();
        Path archive = set.resolve(ARCHIVE);
        try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0x10);
        }
        Run verify = SandboxFixture.run("Backup", "verify", set.toString());
        assertEquals(1, verify.exit(), verify.toString());
        assertTrue(verify.out().contains(ARCHIVE + ": SHA-256 differs from the manifest (the file is corrupt)"), verify.out());
        Run restore = SandboxFixture.run("Restore", "--state-dir", state.toString(), "--from", set.toString(), "--only", "prometheus", "--force");
        assertEquals(1, restore.exit(), restore.toString());
        assertTrue(restore.err().contains("refusing a damaged set, nothing was changed: " + ARCHIVE + ": SHA-256 differs"), restore.err());

        // The same damage with the checksum recorded anew: the zstd decoder (its block checks, the frame's checksum) still catches it.
        rewrite(set, m -> new Manifest(m.format(), m.obsVersion(), m.source(), m.componentVersions(), m.startedAt(), m.finishedAt(), m.parts(),
                m.compression(), m.secretsEncrypted(), m.files().stream().map(f -> f.path().equals(ARCHIVE) ? entry(set, f) : f).toList(),
                m.prometheus(), m.grafana()));
        Run drill = SandboxFixture.run("Backup", "verify", set.toString());
        assertEquals(1, drill.exit(), drill.toString());
        assertTrue(drill.out().contains("restore drill failed: " + ARCHIVE + " is damaged: not valid zstd data ("), drill.out());
        assertFalse(drill.out().contains("Exception"), drill.out());
    }

    @Test
    void aSetIsNeverReadWithAnotherCompressionThanItsManifestRecords() throws Exception {
        Path set = backup();
        rewrite(set, m -> withCompression(m, "gzip", m.files()));
        Run verify = SandboxFixture.run("Backup", "verify", set.toString());
        assertEquals(1, verify.exit(), verify.toString());
        assertTrue(verify.out().contains(ARCHIVE + ": a zstd archive, but the manifest says the snapshot is stored as gzip"), verify.out());
        assertTrue(verify.out().contains("prometheus/snapshot.tar.gz: missing"), verify.out());

        // Renamed to the gzip name with checksums to match: the first bytes are not gzip's, and the file is named.
        Files.move(set.resolve(ARCHIVE), set.resolve("prometheus/snapshot.tar.gz"));
        rewrite(set, m -> withCompression(m, "gzip", m.files().stream()
                .map(f -> f.path().equals(ARCHIVE) ? new FileEntry("prometheus/snapshot.tar.gz", f.size(), f.sha256()) : f).toList()));
        Run renamed = SandboxFixture.run("Backup", "verify", set.toString());
        assertEquals(1, renamed.exit(), renamed.toString());
        assertTrue(renamed.out().contains("prometheus/snapshot.tar.gz is not gzip data (the manifest says the snapshot is compressed with gzip)"),
                renamed.out());
    }

    @Test
    void anUnknownCompressionIsAUsageError() {
        Run run = SandboxFixture.run("Backup", "--state-dir", state.toString(), "--only", "prometheus", "--to", dir.toString(), "--compress", "lz4");
        assertEquals(2, run.exit(), run.toString());
        assertEquals("[obs] error: --compress: expected none, gzip or zstd, found 'lz4'", run.err().lines().findFirst().orElse(""));
    }

    private static Manifest withCompression(Manifest m, String compression, List<FileEntry> files) {
        return new Manifest(m.format(), m.obsVersion(), m.source(), m.componentVersions(), m.startedAt(), m.finishedAt(), m.parts(),
                compression, m.secretsEncrypted(), files, m.prometheus(), m.grafana());
    }

    private static FileEntry entry(Path set, FileEntry f) {
        try {
            return Checksums.of(set.resolve(f.path()), f.path());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void rewrite(Path set, java.util.function.UnaryOperator<Manifest> change) throws Exception {
        Files.write(set.resolve(Manifest.NAME), change.apply(Manifest.read(set)).toBytes());
    }
}
