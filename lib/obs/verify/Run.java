package obs.verify;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Set;
import obs.access.StackAccess;
import obs.grafana.GrafanaAuth;
import obs.http.Deadline;

/**
 * One verify-installation run: its ids, which every synthetic signal carries so that concurrent runs never read each
 * other's data, the stack it reaches, the deadline that bounds it, and the clean-up of what it leaves behind.
 *
 * @param id       the run id: UTC time and random hex, e.g. 20261202T004512Z-9f3c1a
 * @param traceId  the canary trace's id, 32 hex digits, also printed in the canary log line
 * @param spanId   the canary span's id, 16 hex digits
 * @param stack    how components are reached (check-services' access)
 * @param repo     the obs checkout (checks/ and the provisioned Grafana files)
 * @param deadline the moment every step must have reported by
 * @param cleanup  what the run undoes at its end or on Ctrl-C
 * @param evidence what steps found that the correlation step compares
 * @param grafana  how to sign in to Grafana (--grafana-token-file), or null: in a cluster, the admin Secret
 */
public record Run(String id, String traceId, String spanId, StackAccess stack, Path repo, Deadline deadline, Cleanup cleanup,
                  Evidence evidence, GrafanaAuth grafana) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /** A fresh run with new ids. */
    public static Run start(StackAccess stack, Path repo, Duration timeout, GrafanaAuth grafana) {
        String id = ZonedDateTime.now(ZoneOffset.UTC).format(STAMP) + "-" + hex(3);
        String trace;
        String span;
        do {
            trace = hex(16);
            span = hex(8);
        } while (trace.matches("0+") || span.matches("0+"));
        return new Run(id, trace, span, stack, repo, Deadline.in(timeout), new Cleanup(), new Evidence(), grafana);
    }

    static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public Set<String> installed() {
        return stack.installed();
    }

    public boolean has(String component) {
        return stack.installed().contains(component);
    }

    /** The canary log line: the run id and the trace id, in the form Grafana's derived field extracts. */
    public String canaryLine() {
        return "obs verify-installation canary run_id=" + id + " trace_id=" + traceId;
    }
}
