package obs.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import obs.exec.Tools;
import obs.sandbox.SandboxFixture.Run;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code sandbox up --with-databases}: real MariaDB and Redis from Debian's packages with the stack's exporters
 * pointed at them, checked by check-services through Prometheus (mysql_up and redis_up are 1), listed by status
 * and stopped by down.
 */
class SandboxDatabasesTest {
    @Test
    void databasesRunCheckServicesPassesForTheirExportersAndDownStopsThem() throws Exception {
        for (String binary : List.of("prometheus", "mariadbd", "mariadb-install-db", "redis-server", "prometheus-mysqld-exporter",
                "prometheus-redis-exporter")) {
            Assumptions.assumeTrue(Tools.find(binary).isPresent(), binary + " is not installed");
        }
        Path dir = Files.createTempDirectory("obs-sandbox-db");
        try {
            Run up = SandboxFixture.run("Sandbox", "up", "--state-dir", dir.toString(), "--no-install", "--with-databases",
                    "--only", "prometheus,mariadb-exporter,redis-exporter", "--no-color");
            assertEquals(0, up.exit(), up.toString());
            for (String name : List.of("mariadb", "mariadb-exporter", "redis", "redis-exporter")) {
                assertTrue(up.out().lines().anyMatch(l -> l.startsWith(name + " ") && l.contains(" running ")), name + "\n" + up);
            }
            assertTrue(up.out().contains("mysql://127.0.0.1:") && up.out().contains("redis://127.0.0.1:"), up.out());
            Path cnf = dir.resolve("mariadb/config/exporter.cnf");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cnf)), "the exporter's password file");
            assertFalse(up.out().contains(Files.readString(cnf).lines().filter(l -> l.startsWith("password=")).findFirst().orElseThrow()
                    .substring("password=".length())), "the password is never printed");

            Run checks = SandboxFixture.run("CheckServices", "--state-dir", dir.toString(), "--component",
                    "mariadb-exporter,redis-exporter", "--no-color");
            assertEquals(0, checks.exit(), checks.toString());
            for (String id : List.of("mariadb-exporter-database-up", "redis-exporter-database-up")) {
                assertTrue(checks.out().lines().anyMatch(l -> l.contains(" " + id + " ") && l.contains(" ok ")), id + "\n" + checks);
            }

            Run status = SandboxFixture.run("Sandbox", "status", "--state-dir", dir.toString(), "--no-color");
            assertEquals(0, status.exit(), status.toString());
            assertEquals(5, status.out().lines().filter(l -> l.contains(" running ")).count(), status.out());

            Map<String, Long> pids = Map.of("mariadb", pid(dir, "mariadb"), "redis", pid(dir, "redis"));
            Run down = SandboxFixture.run("Sandbox", "down", "--state-dir", dir.toString(), "--purge", "--no-color");
            assertEquals(0, down.exit(), down.toString());
            assertTrue(down.out().lines().anyMatch(l -> l.startsWith("mariadb ") && l.contains(" stopped ")), down.out());
            assertTrue(down.out().lines().anyMatch(l -> l.startsWith("redis ") && l.contains(" stopped ")), down.out());
            pids.forEach((name, pid) -> assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), name + " still runs"));
            assertFalse(Files.exists(dir), "state folder not purged");
        } finally {
            if (Files.exists(dir)) {
                LocalStack.down(dir, true, SandboxFixture.quiet());
            }
        }
    }

    @Test
    void aFreshMachineGetsTheServersWithTheirExportersAndOnlyWhenAsked() {
        var exporters = Databases.runnable(true).stream().filter(c -> Databases.of(c).isPresent()).toList();
        assertEquals(List.of("prometheus-mysqld-exporter", "mariadb-server", "prometheus-redis-exporter", "redis-server"),
                Packages.missing(exporters, binary -> java.util.Optional.empty()));
        assertTrue(Databases.runnable(false).stream().noneMatch(c -> Databases.of(c).isPresent()), "databases are opt-in");
    }

    @Test
    void aDatabaseExporterWithoutWithDatabasesIsAUsageError() throws Exception {
        Path dir = Files.createTempDirectory("obs-sandbox-db");
        try {
            Run up = SandboxFixture.run("Sandbox", "up", "--state-dir", dir.toString(), "--no-install", "--only", "redis-exporter");
            assertEquals(2, up.exit(), up.toString());
            assertTrue(up.err().contains("[obs] error: redis-exporter runs in the sandbox only with --with-databases"), up.err());
        } finally {
            LocalStack.down(dir, true, SandboxFixture.quiet());
        }
    }

    private static long pid(Path dir, String server) throws Exception {
        String json = Files.readString(dir.resolve(Databases.FILE));
        var node = obs.core.Json.mapper().readTree(json).path(server).path("pid");
        assertTrue(node.isNumber(), server + " not recorded: " + json);
        return node.asLong();
    }
}
