package obs.checks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import obs.stack.Component;
import obs.stack.Component.WorkloadKind;

/**
 * One declarative health check from checks/&lt;component&gt;.yaml. The record's components are the file's keys:
 * exactly one of the kind keys (rollout, pods, pvc, http, promql) is set, and {@link #kind()} is that one as a
 * sealed type, so every dispatch on it is an exhaustive switch. The runbook defaults to the generic page of the check's
 * kind, runbooks/checks/&lt;kind&gt;.md#&lt;kind&gt;, which names the component as COMPONENT; a check that needs more
 * sets its own. A rollout's kind defaults to the registry's workload ({@link #completed}).
 */
public record Check(String id, String title, Severity severity, Duration timeout, String runbook,
                    Rollout rollout, Pods pods, Pvc pvc, Http http, Promql promql) {

    /** Critical failures make check-services exit 1; warnings are reported only. */
    public enum Severity { critical, warning }

    /** What a check looks at: one of the closed set of kinds, each named by its key in the checks file. */
    public sealed interface Kind permits Rollout, Pods, Pvc, Http, Promql {
        /** The key in the checks file, also the type reports show. */
        default String word() {
            return getClass().getSimpleName().toLowerCase(Locale.ROOT);
        }

        /** True for the kinds that need the Kubernetes API. */
        default boolean needsKubernetes() {
            return switch (this) {
                case Rollout r -> true;
                case Pods p -> true;
                case Pvc p -> true;
                case Http h -> false;
                case Promql p -> false;
            };
        }
    }

    /** The kind keys, for messages. */
    public static final String TYPES = "rollout, pods, pvc, http, promql";

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final Pattern ID = Pattern.compile("[a-z0-9][-a-z0-9]*");

    public Check {
        require(id, "id");
        require(title, "title");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("check id '" + id + "' must be lower-case letters, digits and '-'");
        }
        List<Kind> kinds = present(rollout, pods, pvc, http, promql);
        if (kinds.size() != 1) {
            throw new IllegalArgumentException("check '" + id + "' must have exactly one type (" + TYPES + "), found "
                    + (kinds.isEmpty() ? "none" : kinds.stream().map(Kind::word).collect(Collectors.joining(" and "))));
        }
        severity = severity == null ? Severity.critical : severity;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    private static void require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing required key '" + key + "'");
        }
    }

    /** The one kind this check has. */
    public Kind kind() {
        return present(rollout, pods, pvc, http, promql).getFirst();
    }

    /** The kind keys that are set. A loop, not a stream: every check of every file goes through here at start-up. */
    private static List<Kind> present(Kind... keys) {
        List<Kind> kinds = new ArrayList<>(1);
        for (Kind k : keys) {
            if (k != null) {
                kinds.add(k);
            }
        }
        return kinds;
    }

    /** The runbook a check of this kind gets when its file names none: the kind's generic page and section. */
    public static String genericRunbook(Kind kind) {
        return "runbooks/checks/" + kind.word() + ".md#" + kind.word();
    }

    /** This check with what the file may leave out filled in from {@code component}: its runbook and rollout kind. */
    Check completed(Component component) {
        String book = runbook != null ? runbook : genericRunbook(kind());
        Rollout r = rollout != null && rollout.kind() == null ? new Rollout(component.workload(), rollout.name()) : rollout;
        return new Check(id, title, severity, timeout, book, r, pods, pvc, http, promql);
    }

    /**
     * A Deployment, StatefulSet or DaemonSet fully rolled out and Ready; the kind defaults to the registry's and the
     * name to the component's.
     */
    public record Rollout(WorkloadKind kind, String name) implements Kind {
    }

    /** No pod crash-looping, restarts at most maxRestarts; the selector defaults to app.kubernetes.io/name. */
    public record Pods(String selector, Integer maxRestarts) implements Kind {
        public Pods {
            maxRestarts = maxRestarts == null ? 5 : maxRestarts;
        }
    }

    /** Every PVC matching the selector is Bound; the selector defaults to app.kubernetes.io/name. */
    public record Pvc(String selector) implements Kind {
    }

    /** An HTTP GET on the component's port: expected status, optional body regex or JSON field value. */
    public record Http(String path, Integer status, String port, String body, JsonField json) implements Kind {
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
    public record Promql(String query, String expect) implements Kind {
        public Promql {
            if (query == null || query.isBlank()) {
                throw new IllegalArgumentException("promql needs a 'query'");
            }
            expect = expect == null ? "nonempty" : expect.trim();
            Condition.parse(expect);
        }
    }
}
