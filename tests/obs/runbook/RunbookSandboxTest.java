package obs.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import obs.http.PlainHttp;
import obs.sandbox.SandboxFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runbook against the real sandbox (Prometheus and Alertmanager from Debian's packages): the read-only steps run,
 * a failing step is recorded and the run goes on, the steps that change state are shown and never run (the fakes
 * on the PATH record nothing, and the sandbox still runs after a page asked for 'sandbox down'), the alert's state
 * comes from Alertmanager, and the tar.gz holds exactly what its summary lists.
 */
class RunbookSandboxTest {
    static SandboxFixture sandbox;

    @BeforeAll
    static void start() throws Exception {
        sandbox = SandboxFixture.start(List.of("prometheus", "alertmanager"));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    static final String PAGE = """
            # Watchdog

            Always firing, so that a silent pipeline is noticed.

            ## Meaning

            The dead man's switch.

            ## Impact

            None while it fires.

            ## Diagnosis

            ```sh
            # what runs here
            jbang sandbox status
            jbang check-services NAMESPACE --component nothing-such
            kubectl -n NAMESPACE delete pod alertmanager-0
            curl -s -X POST http://127.0.0.1:9/-/reload
            jbang sandbox down
            jbang check-services NAMESPACE --component alertmanager
            kubectl -n NAMESPACE get pods
            ```

            ## Mitigation

            - Restart Alertmanager: `kubectl -n NAMESPACE rollout restart statefulset/alertmanager`.
            """;

    @Test
    void readOnlyStepsRunAFailureIsRecordedNothingMutatingRunsAndTheBundleHoldsWhatItsSummaryLists(@TempDir java.nio.file.Path dir)
            throws Exception {
        RunbookFixture f = new RunbookFixture(dir);
        f.page("runbooks/alerts/Watchdog.md", PAGE);
        f.fake("kubectl", "exit 0");
        f.fake("curl", "exit 0");
        awaitWatchdogInAlertmanager();

        var bundle = dir.resolve("evidence.tar.gz");
        var r = f.runbook("Watchdog", "--state-dir", sandbox.stateDir.toString(), "--evidence", bundle.toString(), "--no-color");
        assertEquals(1, r.exit(), r.toString());
        String out = r.out();
        String sd = " --state-dir " + sandbox.stateDir;
        String ef = " --endpoints-file " + sandbox.stateDir.resolve("endpoints.json");
        assertTrue(out.contains("[1/7] $ jbang sandbox status" + sd + "\n"), out);
        assertTrue(out.contains("[2/7] $ jbang check-services kube-observability-stack --component nothing-such" + ef + "\n"), out);
        assertTrue(out.contains("unknown component 'nothing-such'"), out);
        assertTrue(out.contains("    failed: exit 2 in "), out);
        assertTrue(out.contains("[3/7] $ kubectl -n kube-observability-stack delete pod alertmanager-0\n    not run: changes state (kubectl delete)\n"), out);
        assertTrue(out.contains("[4/7] $ curl -s -X POST http://127.0.0.1:9/-/reload\n    not run: changes state (curl -X POST)\n"), out);
        assertTrue(out.contains("[5/7] $ jbang sandbox down\n    not run: changes state (only 'sandbox status' reads)\n"), out);
        assertTrue(out.contains("[6/7] $ jbang check-services kube-observability-stack --component alertmanager" + ef + "\n"), out);
        assertTrue(out.contains("alertmanager-ready"), "the run went on after the failing step:\n" + out);
        assertTrue(out.contains("[7/7] $ kubectl -n kube-observability-stack get pods\n    not run: no Kubernetes in the sandbox\n"), out);
        assertTrue(out.contains("alert: active since "), out);
        assertTrue(out.contains("alertname=Watchdog"), out);
        assertTrue(out.contains("Mitigation (for a person: nothing below was run):\n    - Restart Alertmanager"), out);
        assertTrue(r.err().contains("[obs] 7 steps: 2 passed, 1 failed (step 2), 4 not run\n"), r.err());
        assertEquals(List.of(), f.calls(), "no fake program was called");
        assertEquals(0, SandboxFixture.run("Sandbox", "status", "--state-dir", sandbox.stateDir.toString()).exit(), "the sandbox still runs");

        Map<String, String> files = RunbookFixture.bundle(bundle);
        String summary = files.get("summary.md");
        TreeSet<String> held = new TreeSet<>(files.keySet());
        held.remove("summary.md");
        assertEquals(RunbookFixture.listed(summary), held, summary);
        assertEquals(new TreeSet<>(List.of("alert.json", "sandbox/alertmanager.log", "steps.json", "steps/01.txt", "steps/02.txt",
                "steps/06.txt")), held);
        assertTrue(files.get("sandbox/alertmanager.log").contains("Listening"), files.get("sandbox/alertmanager.log"));
        assertTrue(summary.contains("- Step 2 (failed, exit 2): `jbang check-services kube-observability-stack --component nothing-such"
                + ef + "`, see steps/02.txt"), summary);
        assertTrue(summary.contains("- Step 3: `kubectl -n kube-observability-stack delete pod alertmanager-0`: not run: changes state"), summary);
        assertTrue(files.get("steps/02.txt").contains("failed, exit 2"), files.get("steps/02.txt"));
        assertTrue(files.get("alert.json").contains("\"alertname\":\"Watchdog\""), files.get("alert.json"));

        var json = f.runbook("Watchdog", "--state-dir", sandbox.stateDir.toString(), "-o", "json");
        assertEquals(1, json.exit(), json.toString());
        var tree = obs.core.Json.mapper().readTree(json.out());
        assertEquals("Watchdog", tree.path("runbook").asString());
        assertEquals("alert", tree.path("kind").asString());
        assertEquals(7, tree.path("steps").size());
        assertEquals("failed", tree.path("steps").get(1).path("status").asString());
        assertEquals(2, tree.path("steps").get(1).path("exit").asInt());
        assertEquals("not-run", tree.path("steps").get(2).path("status").asString());
        assertEquals("not run: changes state (kubectl delete)", tree.path("steps").get(2).path("note").asString());
        assertTrue(tree.path("alert").asString().startsWith("active since "), json.out());
    }

    private static void awaitWatchdogInAlertmanager() throws Exception {
        URI url = URI.create(sandbox.url("alertmanager") + "/api/v2/alerts?filter=alertname%3D%22Watchdog%22");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (PlainHttp.get(url, Duration.ofSeconds(2)).body().contains("Watchdog")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Watchdog never reached the sandbox's Alertmanager");
    }
}
