package obs.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The probe script end to end through Cli.run: stdout, stderr and exit code. */
class ProbeCommandTest {
    static final String MODULES = "--config-file=" + ModuleFileTest.FIXTURES.resolve("modules.yml");
    @TempDir
    static Path state;
    static HttpServer http;

    @BeforeAll
    static void start() throws Exception {
        http = LocalServers.http();
    }

    @AfterAll
    static void stop() {
        http.stop(0);
    }

    @Test
    void allSucceedingIsExitZeroWithOneRowEach() {
        ScriptRun run = ScriptRun.probe(MODULES, LocalServers.url(http, "/ok"), "tcp://127.0.0.1:" + http.getAddress().getPort());
        assertEquals(0, run.exit(), run.toString());
        String[] lines = run.out().split("\n");
        assertEquals(3, lines.length, run.out());
        assertTrue(lines[0].matches("TARGET\\s+MODULE\\s+RESULT\\s+TIME\\s+DETAIL"), lines[0]);
        assertTrue(lines[1].matches(".*/ok\\s+http_2xx\\s+ok\\s+\\S+ms\\s+200 HTTP/1.1"), lines[1]);
        assertTrue(lines[2].matches("tcp://.*\\s+tcp_connect\\s+ok\\s+.*connect .*ms"), lines[2]);
        assertEquals("", run.err());
    }

    @Test
    void anyFailureIsExitOneWithTheReason() {
        ScriptRun run = ScriptRun.probe(MODULES, LocalServers.url(http, "/ok"), LocalServers.url(http, "/status/503"));
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.out().contains("fail") && run.out().contains("status 503 is not 2xx"), run.out());
    }

    @Test
    void countSummarisesAndJsonCarriesEveryRound() throws Exception {
        ScriptRun run = ScriptRun.probe(MODULES, "-o", "json", "--count", "3", "--interval", "10ms",
                "tcp://127.0.0.1:" + http.getAddress().getPort(), "icmp://127.0.0.1");
        assertEquals(0, run.exit(), run.toString());
        JsonNode all = JsonMapper.builder().build().readTree(run.out());
        assertEquals(2, all.size());
        for (JsonNode t : all) {
            assertEquals(3, t.get("sent").asInt());
            assertEquals(3, t.get("ok").asInt());
            assertEquals(0.0, t.get("loss").asDouble());
            assertEquals(3, t.get("rounds").size());
            assertTrue(t.get("min_ms").asDouble() <= t.get("max_ms").asDouble());
        }
        ScriptRun table = ScriptRun.probe(MODULES, "--count", "2", "--interval", "10ms", "icmp://127.0.0.1");
        assertTrue(table.out().startsWith("TARGET"), table.out());
        assertTrue(table.out().split("\n")[1].matches("icmp://127.0.0.1\\s+icmp\\s+ok\\s+2\\s+0%\\s+\\S+\\s+\\S+\\s+\\S+\\s+127.0.0.1"),
                table.out());
    }

    @Test
    void aTargetsFileIsProbedWithItsLabels() throws Exception {
        ScriptRun run = ScriptRun.probe(MODULES, "-o", "json", "-f", ModuleFileTest.FIXTURES.resolve("targets.yaml").toString(),
                "--timeout", "2s");
        JsonNode all = JsonMapper.builder().build().readTree(run.out());
        assertEquals("lab", all.get(0).get("labels").get("site").asString());
        assertEquals(1, run.exit(), "port 9 (discard) is closed here, so the tcp target fails: " + run);
    }

    @Test
    void pathTargetsPrintTheirHops() {
        ScriptRun run = ScriptRun.probe(MODULES, "--state-dir", state.toString(), "path://127.0.0.1?packets=2");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("path to path://127.0.0.1"), run.out());
        assertTrue(run.out().matches("(?s).*HOP\\s+HOST\\s+LOSS.*\\n1\\s+127.0.0.1\\s+0%\\s+2\\s+.*"), run.out());
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        assertUsage("[obs] error: unknown module 'htp_2xx' in " + ModuleFileTest.FIXTURES.resolve("modules.yml") + " (known: ", MODULES, "--module", "htp_2xx", "127.0.0.1:80");
        assertUsage("[obs] error: bad target 'htp://x': unknown scheme 'htp'", MODULES, "htp://x");
        assertUsage("[obs] error: " + ModuleFileTest.FIXTURES.resolve("unsupported.yml") + ":5:7: module 'http_oauth' uses",
                "--config-file=" + ModuleFileTest.FIXTURES.resolve("unsupported.yml"), "--module", "http_oauth", "http://127.0.0.1:1/");
        assertUsage("[obs] error: " + ModuleFileTest.FIXTURES.resolve("targets-typo.yaml") + ":3:5: unknown key 'modul'",
                MODULES, "-f", ModuleFileTest.FIXTURES.resolve("targets-typo.yaml").toString());
        assertUsage("[obs] error: " + ModuleFileTest.FIXTURES.resolve("typo.yml") + ":5:7: unknown option 'valid_status_code'",
                "--config-file=" + ModuleFileTest.FIXTURES.resolve("typo.yml"), "tcp://127.0.0.1:1");
        assertUsage("[obs] error: no targets: give TARGET... or -f FILE", MODULES);
        assertUsage("[obs] error: --count must be at least 1", MODULES, "--count", "0", "tcp://127.0.0.1:1");
        assertUsage("[obs] error: Invalid value for option '--interval'", MODULES, "--interval", "soon", "tcp://127.0.0.1:1");
        assertUsage("[obs] error: missing.yml: no such file", "--config-file=missing.yml", "tcp://127.0.0.1:1");
    }

    @Test
    void credentialsInTheUrlAreUsedButNeverShown() {
        String url = "http://obs:secret@127.0.0.1:" + http.getAddress().getPort() + "/auth";
        ScriptRun table = ScriptRun.probe(MODULES, url);
        assertEquals(0, table.exit(), table.toString());
        assertTrue(table.out().contains("http://obs:xxxxx@127.0.0.1:"), table.out());
        ScriptRun json = ScriptRun.probe(MODULES, "-o", "json", "--count", "2", "--interval", "10ms", url);
        assertEquals(0, json.exit(), json.toString());
        for (ScriptRun run : List.of(table, json)) {
            assertFalse((run.out() + run.err()).contains("secret"), run.toString());
        }
        ScriptRun bad = ScriptRun.probe(MODULES, "http://obs:secret@127.0.0.1:0/auth");
        assertEquals(2, bad.exit(), bad.toString());
        assertFalse(bad.err().contains("secret"), bad.toString());
    }

    @Test
    void aRepeatedTargetIsProbedOnceWithAWarningNamingWhere(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("targets.yaml");
        String tcp = "tcp://127.0.0.1:" + http.getAddress().getPort();
        java.nio.file.Files.writeString(file, "targets:\n  - target: " + tcp + "\n  - target: icmp://127.0.0.1\n  - target: " + tcp + "\n");
        ScriptRun run = ScriptRun.probe(MODULES, "-f", file.toString(), tcp);
        assertEquals(0, run.exit(), run.toString());
        assertEquals(3, run.out().split("\n").length, run.out());
        assertEquals("[obs] warning: 2 targets are listed twice and probed once: " + file + ":4:5 repeats " + file + ":2:5 ("
                + tcp + ", module tcp_connect); argument 1 repeats " + file + ":2:5 (" + tcp + ", module tcp_connect)\n", run.err());
    }

    @Test
    void aPortOutOfRangeIsAUsageError() {
        assertUsage("[obs] error: bad target 'tcp://127.0.0.1:70000': port 70000 is out of range (1-65535)", MODULES,
                "tcp://127.0.0.1:70000");
    }

    @Test
    void anUnresolvableHostFailsTheProbeNotTheRun() {
        ScriptRun run = ScriptRun.probe(MODULES, "http://nosuch.invalid/", LocalServers.url(http, "/ok"));
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.out().contains("cannot resolve host 'nosuch.invalid'"), run.out());
        assertTrue(run.out().contains("200 HTTP/1.1"), run.out());
    }

    @Test
    void modulesCanBeListedWithWhatObsCannotUse() {
        ScriptRun run = ScriptRun.probe("--config-file=" + ModuleFileTest.FIXTURES.resolve("unsupported.yml"), "--list-modules");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().matches("(?s).*grpc_plain\\s+-\\s+-\\s+unsupported\\s+prober grpc.*"), run.out());
        assertTrue(run.out().matches("(?s).*http_fine\\s+http\\s+-\\s+ok.*"), run.out());
    }

    private static void assertUsage(String errStart, String... args) {
        ScriptRun run = ScriptRun.probe(args);
        assertEquals(2, run.exit(), run.toString());
        assertEquals("", run.out(), run.toString());
        assertTrue(run.err().startsWith(errStart), run.toString());
    }
}
