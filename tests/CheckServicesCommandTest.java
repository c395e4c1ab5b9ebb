import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import obs.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-services as a user runs it: exit codes and the one-line errors for bad input. */
class CheckServicesCommandTest {
    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.run(new CheckServices(), new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void endpointWithoutEqualsIsAUsageError() {
        Run r = run("--endpoint", "prometheus");
        assertEquals(2, r.exit());
        assertEquals("[obs] error: Invalid value for option '--endpoint' (NAME=URL): 'prometheus' is not NAME=URL (e.g. prometheus=http://127.0.0.1:9090)\n"
                + "See 'check-services --help'.\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void endpointForAnUnknownComponentOrWithABadUrlIsAUsageError() {
        Run r = run("--endpoint", "promethus=http://127.0.0.1:9090");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("[obs] error: Invalid value for option '--endpoint' (NAME=URL): unknown component 'promethus' (known: prometheus,"), r.err());
        assertEquals(2, run("--endpoint", "prometheus=ftp://x").exit());
    }

    @Test
    void unknownComponentIsAUsageError() {
        Run r = run("--component", "prometeus", "--endpoint", "prometheus=http://127.0.0.1:1");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("[obs] error: unknown component 'prometeus' (known: prometheus, alertmanager,"), r.err());
    }

    @Test
    void invalidNamespaceIsAUsageError() {
        Run r = run("Bad_Namespace");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("[obs] error: invalid namespace 'Bad_Namespace': use at most 63 lower-case letters"), r.err());
        assertEquals(2, run("-n", "a", "b").exit());
    }

    @Test
    void missingKubeconfigFileIsAUsageError() {
        Run r = run("--kubeconfig", "/nonexistent/kubeconfig");
        assertEquals(2, r.exit());
        assertEquals("[obs] error: --kubeconfig /nonexistent/kubeconfig: no such file\n", r.err().lines().findFirst().orElse("") + "\n");
    }

    @Test
    void unreachableEndpointFailsTheCheckWithTheUrl() {
        Run r = run("--component", "prometheus", "--endpoint", "prometheus=http://127.0.0.1:1", "--no-color");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("prometheus-ready"), r.out());
        assertTrue(r.out().contains("connection refused: http://127.0.0.1:1/-/ready (is prometheus running?)"), r.out());
        assertTrue(r.out().contains("no Kubernetes in the sandbox") || r.out().contains("skip"), r.out());
        assertTrue(r.err().contains("prometheus/prometheus-ready: see runbooks/checks/http.md#http"), r.err());
    }

    @Test
    void jsonOutputCarriesEveryCheckAndTheExitCode() {
        Run r = run("--component", "prometheus", "--endpoint", "prometheus=http://127.0.0.1:1", "-o", "json", "-q");
        assertEquals(1, r.exit());
        var json = tools.jackson.databind.json.JsonMapper.builder().build().readTree(r.out());
        assertEquals(1, json.path("exitCode").asInt());
        assertEquals("endpoints", json.path("mode").asString());
        assertTrue(json.path("checks").size() >= 4);
        assertEquals("", r.err());
    }

    @Test
    void malformedEndpointsFileNamesTheFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("endpoints.json");
        Files.writeString(f, "{\"version\": 1,\n \"components\": {\"prometheus\": {\"ulr\": \"x\"}}}\n");
        Run r = run("--endpoints-file", f.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("[obs] error: " + f + ":2:"), r.err());
        assertTrue(r.err().contains("invalid endpoints file"), r.err());
        assertEquals(1, run("--endpoints-file", dir.resolve("missing.json").toString()).exit(), "no sandbox runs: a problem found, not a usage error");
        Run viaStateDir = run("--state-dir", dir.toString());
        assertEquals(2, viaStateDir.exit());
        assertTrue(viaStateDir.err().startsWith("[obs] error: " + f + ":2:"), "--state-dir reads DIR/endpoints.json: " + viaStateDir.err());
        Run both = run("--state-dir", dir.toString(), "--endpoints-file", f.toString());
        assertEquals(2, both.exit());
        assertTrue(both.err().startsWith("[obs] error: --endpoints-file and --state-dir both name the endpoints file: give one\n"), both.err());
    }

    @Test
    void watchRepeatsUntilInterrupted() throws Exception {
        StringWriter out = new StringWriter();
        Thread t = Thread.ofVirtual().start(() -> Cli.run(new CheckServices(), new PrintWriter(out), new PrintWriter(new StringWriter()),
                "--watch", "--interval", "1s", "--component", "pushgateway", "--endpoint", "pushgateway=http://127.0.0.1:1"));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (out.toString().split("pushgateway-ready", -1).length < 3 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        t.interrupt();
        t.join(5000);
        assertTrue(out.toString().split("pushgateway-ready", -1).length >= 3, "fewer than two reports:\n" + out);
        assertTrue(!t.isAlive(), "watch did not stop when interrupted");
    }

    @Test
    void aWatchIntervalBelowOneSecondIsAUsageError() throws Exception {
        for (String interval : new String[] {"0s", "999ms"}) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int[] exit = {-1};
            Thread t = Thread.ofVirtual().start(() -> exit[0] = Cli.run(new CheckServices(), new PrintWriter(out), new PrintWriter(err),
                    "--watch", "--interval", interval, "-q", "--endpoint", "pushgateway=http://127.0.0.1:1"));
            t.join(20_000);
            boolean looping = t.isAlive();
            t.interrupt();
            t.join(5_000);
            assertTrue(!looping, "--interval " + interval + " was accepted and is still looping");
            assertEquals(2, exit[0], out + "" + err);
            assertEquals("[obs] error: Invalid value for option '--interval': '" + interval + "' is too short: the minimum is 1s", err.toString().lines().findFirst().orElse(""));
            assertEquals("", out.toString());
        }
    }

    @Test
    void anEndpointsFileEntryThatIsNotAnHttpUrlIsAUsageErrorNamingTheFileAndEntry(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("endpoints.json");
        for (String url : new String[] {"\"file:///etc/passwd\"", "\"http://\"", "\"http://a b/\"", "null"}) {
            Files.writeString(f, "{\"version\": 1, \"components\": {\"prometheus\": {\"url\": " + url + "}}}\n");
            Run r = run("--endpoints-file", f.toString());
            assertEquals(2, r.exit(), r.out() + r.err());
            assertTrue(r.err().startsWith("[obs] error: " + f + ": component 'prometheus': "), r.err());
            assertEquals(1, r.err().lines().filter(l -> l.startsWith("[obs]")).count(), r.err());
        }
        assertTrue(run("--endpoints-file", f.toString()).err().contains("'prometheus': no url"));
        Files.writeString(f, "{\"version\": 1, \"components\": {\"prometheus\": {\"url\": \"file:///etc/passwd\"}}}\n");
        assertEquals("[obs] error: " + f + ": component 'prometheus': 'file:///etc/passwd' is not an http(s) URL with a host",
                run("--endpoints-file", f.toString()).err().lines().findFirst().orElse(""));
    }

    @Test
    void aContextOrKubeconfigWithTheSandboxIsAUsageErrorNotIgnored(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("endpoints.json");
        Files.writeString(f, "{\"version\": 1, \"components\": {\"pushgateway\": {\"url\": \"http://127.0.0.1:1\"}}}\n");
        for (String option : new String[] {"--context", "--kubeconfig"}) {
            Run r = run("--endpoints-file", f.toString(), option, "prod");
            assertEquals(2, r.exit(), r.out() + r.err());
            assertEquals("[obs] error: " + option + " does not apply to the sandbox (--sandbox, --state-dir, --endpoints-file): it has no Kubernetes",
                    r.err().lines().findFirst().orElse(""));
        }
    }

    @Test
    void aMalformedKubeconfigIsAUsageErrorWithFileAndLine(@TempDir Path dir) throws Exception {
        Path kc = dir.resolve("kubeconfig");
        Files.writeString(kc, "apiVersion: v1\nclusters:\n- name: x\n  cluster: {server: [\n");
        Run r = run("--kubeconfig", kc.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("[obs] error: " + kc + ":5:1: invalid YAML: "), r.err());
        Files.writeString(kc, "");
        r = run("--kubeconfig", kc.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("[obs] error: " + kc + ": the kubeconfig is empty\n"), r.err());
    }

    @Test
    void helpPrintsUsageAndExitCodes() {
        Run r = run("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("Check that every installed observability component is running and healthy.\nUsage: check-services"), r.out());
        assertTrue(r.out().contains("Exit codes:"), r.out());
        assertTrue(r.out().contains("3   cluster or endpoint unreachable"), r.out());
    }
}
