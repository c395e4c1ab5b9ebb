package obs.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import obs.fakes.GrafanaFake;
import obs.sandbox.SandboxFixture.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full disk and a read-only target: exit 1, the reason in words, nothing complete-looking left, metrics say 0. */
class FailedBackupTest {
    @TempDir
    Path dir;

    static List<String> names(Path target) throws Exception {
        try (Stream<Path> s = Files.list(target)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void fullDiskFailsAndLeavesNothing() throws Exception {
        try (GrafanaFake fake = GrafanaSets.filled(150); Tmpfs disk = Tmpfs.mount(dir.resolve("small"), "size=1m")) {
            Files.write(disk.dir.resolve("filler"), new byte[1024 * 1024 - 48 * 1024]);
            Path metrics = dir.resolve("backup.prom");
            Files.writeString(metrics, "obs_backup_last_success_timestamp_seconds{component=\"grafana\",namespace=\"endpoints\"} 1.7E9\n");
            Run run = GrafanaSets.backup(fake, dir, disk.dir, "--metrics-file", metrics.toString());
            assertEquals(1, run.exit(), run.toString());
            assertTrue(run.err().contains("[obs] error: backup failed, nothing was kept: grafana: No space left on device"), run.err());
            assertEquals(List.of("filler"), names(disk.dir).stream().filter(n -> !n.equals(Retention.LOCK)).toList());
            String text = Files.readString(metrics);
            assertTrue(text.contains("obs_backup_success{component=\"grafana\",namespace=\"endpoints\"} 0"), text);
            assertTrue(text.contains("obs_backup_last_success_timestamp_seconds{component=\"grafana\",namespace=\"endpoints\"} 1.7E9"), text);
        }
    }

    @Test
    void readOnlyTargetFailsBeforeAnyRequest() throws Exception {
        try (GrafanaFake fake = GrafanaSets.filled(3); Tmpfs disk = Tmpfs.mount(dir.resolve("ro"), "ro,size=64k")) {
            Run run = GrafanaSets.backup(fake, dir, disk.dir);
            assertEquals(1, run.exit(), run.toString());
            assertTrue(run.err().contains("[obs] error: backup failed, nothing was kept: cannot write to " + disk.dir + ": Read-only file system"),
                    run.err());
            assertEquals(List.of(), names(disk.dir));
            assertEquals(0, fake.log().size(), "nothing is asked of Grafana when the target cannot be written");
        }
    }
}
