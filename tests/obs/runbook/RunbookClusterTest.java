package obs.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import obs.install.MockCluster;
import obs.sandbox.SandboxFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runbook against a cluster (fabric8's mock API server) with a fake kubectl on the PATH that records every call:
 * only the read-only verbs reach it, with the run's --kubeconfig; a failing kubectl is recorded and the run goes on;
 * the bundle holds the alert from Alertmanager and the events and logs of the components the steps name. Bad input:
 * an unknown name (with the close ones), a page without Diagnosis, an evidence target that exists.
 */
class RunbookClusterTest {
    @TempDir
    static Path dir;
    static MockCluster cluster;
    static HttpServer alertmanager;
    static RunbookFixture f;

    static final String PAGE = """
            # PrometheusDown

            Prometheus is not scraped.

            ## Meaning

            Prometheus is down.

            ## Impact

            No metrics, no alerts.

            ## Diagnosis

            ```sh
            kubectl -n NAMESPACE get pods -l app.kubernetes.io/name=prometheus
            kubectl -n NAMESPACE describe pod prometheus-0
            kubectl -n NAMESPACE get events --sort-by=.lastTimestamp | tail -1
            kubectl -n NAMESPACE delete pod prometheus-0
            kubectl -n NAMESPACE rollout restart statefulset/prometheus
            kubectl -n NAMESPACE scale statefulset/prometheus --replicas=0
            kubectl -n NAMESPACE exec prometheus-0 -- kill 1
            kubectl -n NAMESPACE port-forward svc/prometheus 9090 &
            wget http://prometheus.NAMESPACE.svc:9090/-/ready
            jbang install NAMESPACE --check
            ```

            ## Mitigation

            ```sh
            kubectl -n NAMESPACE delete pod prometheus-0
            ```
            """;

    @BeforeAll
    static void setUp() throws Exception {
        cluster = new MockCluster(dir);
        var pod = cluster.client.resource(new PodBuilder().withNewMetadata().withName("prometheus-0").withNamespace("ao")
                .withLabels(Map.of("app.kubernetes.io/name", "prometheus")).endMetadata()
                .withNewSpec().addNewContainer().withName("prometheus").withImage("prom/prometheus").endContainer().endSpec().build()).create();
        cluster.client.resource(new EventBuilder().withNewMetadata().withName("prometheus-0.1").withNamespace("ao").endMetadata()
                .withType("Warning").withReason("BackOff").withMessage("Back-off restarting failed container prometheus")
                .withLastTimestamp("2026-01-01T00:00:00Z")
                .withNewInvolvedObject().withKind("Pod").withName(pod.getMetadata().getName()).withNamespace("ao").endInvolvedObject().build()).create();
        alertmanager = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        alertmanager.createContext("/api/v2/alerts", exchange -> {
            byte[] body = ("[{\"labels\":{\"alertname\":\"PrometheusDown\",\"severity\":\"critical\",\"job\":\"prometheus\"},"
                    + "\"status\":{\"state\":\"active\",\"silencedBy\":[],\"inhibitedBy\":[]},\"startsAt\":\"2026-01-01T00:00:00Z\"}]")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        alertmanager.start();
        f = new RunbookFixture(dir.resolve("fixture"));
        f.page("runbooks/alerts/PrometheusDown.md", PAGE);
        f.page("runbooks/alerts/NoDiagnosis.md", "# NoDiagnosis\n\nA page without steps.\n\n## Meaning\n\nx\n\n## Impact\n\ny\n\n## Mitigation\n\nz\n");
        f.fake("kubectl", """
                case "$*" in *describe*) echo 'Error from server (NotFound): pods "prometheus-0" not found' >&2; exit 1;; esac
                echo "NAME READY"; echo "line one"; echo "line two"
                """);
        f.fake("wget", "exit 0");
    }

    @AfterAll
    static void tearDown() {
        alertmanager.stop(0);
        cluster.close();
    }

    private static String amUrl() {
        return "alertmanager=http://127.0.0.1:" + alertmanager.getAddress().getPort();
    }

    @Test
    void onlyReadOnlyKubectlRunsAFailureIsRecordedAndTheBundleHoldsTheClusterEvidence() throws Exception {
        Path bundle = dir.resolve("evidence");
        var r = f.runbook("PrometheusDown", "ao", "--kubeconfig", cluster.kubeconfig.toString(), "--endpoint", amUrl(),
                "--evidence", bundle.toString(), "--no-color");
        assertEquals(1, r.exit(), r.toString());
        String kc = " --kubeconfig " + cluster.kubeconfig;
        assertEquals(List.of("kubectl" + kc + " -n ao get pods -l app.kubernetes.io/name=prometheus",
                "kubectl" + kc + " -n ao describe pod prometheus-0",
                "kubectl" + kc + " -n ao get events --sort-by=.lastTimestamp"), f.calls(), "only the read-only steps ran");
        String out = r.out();
        assertTrue(out.contains("alert: active since 2026-01-01T00:00:00Z (1 alert(s)), labels {alertname=PrometheusDown, job=prometheus, severity=critical}"), out);
        assertTrue(out.contains("[2/10] $ kubectl -n ao describe pod prometheus-0\n    Error from server (NotFound): pods \"prometheus-0\" not found\n    failed: exit 1"), out);
        assertTrue(out.contains("[3/10] $ kubectl -n ao get events --sort-by=.lastTimestamp | tail -1\n    line two\n    passed: exit 0"), out);
        assertTrue(out.contains("[4/10] $ kubectl -n ao delete pod prometheus-0\n    not run: changes state (kubectl delete)"), out);
        assertTrue(out.contains("[5/10] $ kubectl -n ao rollout restart statefulset/prometheus\n    not run: changes state (kubectl rollout)"), out);
        assertTrue(out.contains("[6/10] $ kubectl -n ao scale statefulset/prometheus --replicas=0\n    not run: changes state (kubectl scale)"), out);
        assertTrue(out.contains("[7/10] $ kubectl -n ao exec prometheus-0 -- kill 1\n    not run: changes state (kubectl exec)"), out);
        assertTrue(out.contains("[8/10] $ kubectl -n ao port-forward svc/prometheus 9090 &\n    not run: uses shell syntax"), out);
        assertTrue(out.contains("[9/10] $ wget http://prometheus.ao.svc:9090/-/ready\n    not run: changes state (wget without -O - writes a file)"), out);

        assertTrue(out.contains("[10/10] $ jbang install ao --check --kubeconfig " + cluster.kubeconfig + "\n"), out);
        assertTrue(out.substring(out.indexOf("[10/10]")).contains("Kubernetes"), "the doctor ran against the mock cluster:\n" + out);
        Map<String, String> files = RunbookFixture.bundle(bundle);
        TreeSet<String> held = new TreeSet<>(files.keySet());
        held.remove("summary.md");
        assertEquals(RunbookFixture.listed(files.get("summary.md")), held, files.get("summary.md"));
        assertTrue(held.containsAll(List.of("alert.json", "steps.json", "steps/01.txt", "steps/02.txt", "steps/03.txt",
                "kubernetes/prometheus/events.txt", "kubernetes/prometheus/prometheus-0.prometheus.log")), held.toString());
        assertTrue(files.get("kubernetes/prometheus/events.txt").contains("Warning  BackOff  Pod/prometheus-0  Back-off restarting"),
                files.get("kubernetes/prometheus/events.txt"));
        assertTrue(files.get("summary.md").contains("- Step 2 (failed, exit 1): `kubectl -n ao describe pod prometheus-0`"), files.get("summary.md"));
        assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().startsWith(".evidence.tmp")), "no temporary left");
    }

    @Test
    void badInputIsAOneLineErrorWithExit2() throws Exception {
        List<String> before = f.calls();
        var unknown = SandboxFixture.run("Runbook", "prometheus-redy", "ao");
        assertEquals(2, unknown.exit(), unknown.toString());
        assertTrue(unknown.err().startsWith("[obs] error: unknown alert or check 'prometheus-redy': no runbooks/alerts/prometheus-redy.md, "
                + "no incident page and no check with that id; did you mean prometheus-ready, "), unknown.err());

        Path taken = Files.createDirectories(dir.resolve("taken"));
        var exists = SandboxFixture.run("Runbook", "prometheus-ready", "ao", "--evidence", taken.toString());
        assertEquals(2, exists.exit(), exists.toString());
        assertTrue(exists.err().startsWith("[obs] error: --evidence " + taken + ": already exists; give a new folder or .tar.gz file\n"),
                exists.err());
        var noDiagnosis = f.runbook("NoDiagnosis", "ao", "--kubeconfig", cluster.kubeconfig.toString());
        assertEquals(2, noDiagnosis.exit(), noDiagnosis.toString());
        assertTrue(noDiagnosis.err().startsWith("[obs] error: runbooks/alerts/NoDiagnosis.md: no '## Diagnosis' heading, so there is nothing to run\n"),
                noDiagnosis.err());
        assertEquals(before, f.calls(), "nothing ran on bad input");
    }
}
