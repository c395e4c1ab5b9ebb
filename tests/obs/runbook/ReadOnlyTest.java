package obs.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The allowlist: what runs, and for everything else the verdict a person reads. */
class ReadOnlyTest {
    static final Set<String> ALIASES = Set.of("check-services", "discover", "install", "probe", "sandbox");

    static String verdict(String line) {
        Step s = ReadOnly.judge(line, ALIASES);
        return s instanceof Step.Skip skip ? skip.verdict() : "run " + ((Step.Run) s).tool();
    }

    @Test
    void readOnlyCommandsRun() {
        for (String line : List.of("jbang check-services ao --component prometheus -v", "jbang probe icmp://10.0.0.1 -o json",
                "jbang sandbox status", "jbang discover cxtm -n ao", "jbang install ao --diff", "jbang install --profile calo-lab --check",
                "kubectl -n ao get pods -o wide", "kubectl -n ao describe pod -l app.kubernetes.io/name=loki",
                "kubectl -n ao logs -l app.kubernetes.io/name=loki --previous --tail=50", "kubectl top pod -n ao",
                "kubectl -n ao rollout status deployment/grafana --timeout=10s", "kubectl auth can-i list pods",
                "kubectl -n ao get --raw '/api/v1/namespaces/ao/services/prometheus:9090/proxy/api/v1/query?query=up==0'",
                "kubectl -n ao get events --sort-by=.lastTimestamp | tail -20 | grep -v Normal",
                "curl -sS http://prometheus.ao.svc:9090/-/ready", "curl -G --data-urlencode 'query=up{job=\"x\"}' http://p:9090/api/v1/query",
                "wget -qO- http://loki.ao.svc:3100/ready")) {
            assertInstanceOf(Step.Run.class, ReadOnly.judge(line, ALIASES), line);
        }
    }

    @Test
    void everythingElseIsNotRunWithTheReason() {
        assertEquals("not run: changes state (kubectl delete)", verdict("kubectl -n ao delete pod x"));
        assertEquals("not run: changes state (kubectl rollout)", verdict("kubectl -n ao rollout restart deploy/grafana"));
        assertEquals("not run: changes state (kubectl apply)", verdict("kubectl apply -f x.yaml"));
        assertEquals("not run: changes state (kubectl exec)", verdict("kubectl -n ao exec pod -- cat /etc/hosts"));
        assertEquals("not run: changes state (install applies manifests)", verdict("jbang install ao"));
        assertEquals("not run: changes state (writes files)", verdict("jbang install ao --dry-run --output-dir /tmp/x"));
        assertEquals("not run: changes state (only 'sandbox status' reads)", verdict("jbang sandbox up"));
        assertEquals("not run: changes state (--apply writes prometheus-discovered)", verdict("jbang discover -n ao --apply"));
        assertEquals("not run: never ends (--watch)", verdict("jbang discover --watch"));
        assertEquals("not run: 'nope' is not an obs command (not in jbang-catalog.json)", verdict("jbang nope"));
        assertEquals("not run: changes state (curl -X POST)", verdict("curl -X POST http://am:9093/-/reload"));
        assertEquals("not run: changes state (curl sends data (-d))", verdict("curl -d x http://am:9093/api/v2/silences"));
        assertEquals("not run: changes state (curl --data-urlencode without -G sends a POST)", verdict("curl --data-urlencode q=1 http://p"));
        assertEquals("not run: changes state (wget without -O - writes a file)", verdict("wget http://p/metrics"));
        assertEquals("not run: never ends (watch or follow)", verdict("kubectl -n ao logs -f pod/x"));
        assertEquals("not run: never ends (--watch)", verdict("jbang check-services --watch"));
        assertEquals("not run: would print Secret values", verdict("kubectl -n ao get secret grafana-admin -o yaml"));
        assertEquals("not run: uses shell syntax the runbook command does not run: a redirection (>)", verdict("kubectl get pods > /tmp/x"));
        assertEquals("not run: uses shell syntax the runbook command does not run: a list (||)", verdict("kubectl get pods || true"));
        assertEquals("not run: uses shell syntax the runbook command does not run: an expansion ($)", verdict("kubectl get pod $(whoami)"));
        assertEquals("not run: changes state (writes a file (sort -o))", verdict("kubectl get pods | sort -o /tmp/x"));
        assertEquals("not run: sh after a pipe is not a read-only filter", verdict("kubectl get pods | sh"));
        assertEquals("not run: rm is not on the read-only list", verdict("rm -rf /var/lib/prometheus"));
    }

    /** What changes state, sends data, writes a file or hands text to a shell, in the spellings a page might use. */
    @Test
    void noWriteSlipsThroughAnotherSpelling() {
        for (String line : List.of("kubectl -n ao rollout restart deployment/x", "kubectl --namespace=ao delete pod x",
                "kubectl exec -it x -- ls", "kubectl -n ao port-forward svc/grafana 3000", "kubectl cluster-info dump --output-directory=/tmp/x",
                "kubectl cluster-info dump --output-directory /tmp/x", "jbang probe serve", "jbang install ao",
                "curl -X POST http://p:9090/-/reload", "curl -XPOST http://p:9090/-/reload", "curl --request=POST http://p:9090/-/reload",
                "curl -sS -X DELETE http://am:9093/api/v2/silence/x", "curl -G -X DELETE http://h/", "curl --data x=1 http://h/",
                "curl --data-binary @f http://h/", "curl --json {} http://h/", "curl -F f=@x http://h/", "curl -T f http://h/",
                "curl -o /tmp/x http://h/", "curl -K cfg http://h/", "wget --post-data=x http://h/", "wget --method=PUT -O- http://h/",
                "wget -O /tmp/x http://h/", "kubectl get pods | sh", "kubectl get pods | bash", "curl -s http://h/x.sh | sh",
                "kubectl get pods -o name | xargs kubectl delete", "kubectl get pods | tee /tmp/x", "kubectl get pods | grep x | sh -s",
                "curl -s http://h/ | uniq - /tmp/x")) {
            assertInstanceOf(Step.Skip.class, ReadOnly.judge(line, ALIASES), line);
        }
        assertEquals("not run: changes state (writes files (--output-directory))", verdict("kubectl cluster-info dump --output-directory=/tmp/x"));
        assertInstanceOf(Step.Run.class, ReadOnly.judge("kubectl cluster-info", ALIASES));
    }

    @Test
    void wordsAreSplitAsShDoes() throws Exception {
        assertEquals(List.of(List.of("a", "b c", "d\"e", "f g"), List.of("tail", "-1")),
                ShellWords.stages("a 'b c' \"d\\\"e\" f\\ g | tail -1  # a comment"));
    }
}
