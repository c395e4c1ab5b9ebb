package obs.checks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import obs.stack.Component.WorkloadKind;

/**
 * One declarative health check from checks/&lt;component&gt;.yaml. Exactly one of the type fields
 * (rollout, pods, pvc, http, promql) is set.
 */
public record Check(String id, String title, Severity severity, Duration timeout, String runbook,
                    Rollout rollout, Pods pods, Pvc pvc, Http http, Promql promql) {

    /** Critical failures make check-services exit 1; warnings are reported only. */
    public enum Severity { critical, warning }

    /** The check types, for messages. */
    public static final String TYPES = "rollout, pods, pvc, http, promql";

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public Check {
        require(id, "id");
        require(title, "title");
        require(runbook, "runbook");
        if (!id.matches("[a-z0-9][-a-z0-9]*")) {
            throw new IllegalArgumentException("check id '" + id + "' must be lower-case letters, digits and '-'");
        }
        List<String> types = new ArrayList<>();
        if (rollout != null) {
            types.add("rollout");
        }
        if (pods != null) {
            types.add("pods");
        }
        if (pvc != null) {
            types.add("pvc");
        }
        if (http != null) {
            types.add("http");
        }
        if (promql != null) {
            types.add("promql");
        }
        if (types.size() != 1) {
            throw new IllegalArgumentException("check '" + id + "' must have exactly one type (" + TYPES + "), found "
                    + (types.isEmpty() ? "none" : String.join(" and ", types)));
        }
        severity = severity == null ? Severity.critical : severity;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    private static void require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing required key '" + key + "'");
        }
    }

    /** True for the types that need the Kubernetes API. */
    public boolean needsKubernetes() {
        return rollout != null || pods != null || pvc != null;
    }

    public String type() {
        return rollout != null ? "rollout" : pods != null ? "pods" : pvc != null ? "pvc" : http != null ? "http" : "promql";
    }

    /** A Deployment, StatefulSet or DaemonSet fully rolled out and Ready; the name defaults to the component's. */
    public record Rollout(WorkloadKind kind, String name) {
        public Rollout {
            if (kind == null) {
                throw new IllegalArgumentException("rollout needs 'kind' (Deployment, StatefulSet or DaemonSet)");
            }
        }
    }

    /** No pod crash-looping, restarts at most maxRestarts; the selector defaults to app.kubernetes.io/name. */
    public record Pods(String selector, Integer maxRestarts) {
        public Pods {
            maxRestarts = maxRestarts == null ? 5 : maxRestarts;
        }
    }

    /** Every PVC matching the selector is Bound; the selector defaults to app.kubernetes.io/name. */
    public record Pvc(String selector) {
    }

    /** An HTTP GET on the component's port: expected status, optional body regex or JSON field value. */
    public record Http(String path, Integer status, String port, String body, JsonField json) {
        public Http {
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("http needs a 'path' starting with '/'");
            }
            status = status == null ? 200 : status;
        }
    }

    /** A JSON field (RFC 6901 pointer such as /status) that must equal a value. */
    public record JsonField(String pointer, String equals) {
        public JsonField {
            if (pointer == null || !pointer.startsWith("/") || equals == null) {
                throw new IllegalArgumentException("json needs 'pointer' (starting with '/') and 'equals'");
            }
        }
    }

    /** A PromQL query against Prometheus and a condition on its result. */
    public record Promql(String query, String expect) {
        public Promql {
            if (query == null || query.isBlank()) {
                throw new IllegalArgumentException("promql needs a 'query'");
            }
            expect = expect == null ? "nonempty" : expect.trim();
            Condition.parse(expect);
        }
    }
}
