package obs.verify;

import java.util.List;
import java.util.Optional;
import obs.access.Endpoints.Reply;
import obs.access.StackAccess;
import obs.stack.Stack;

/**
 * The network pipeline: the blackbox exporter probes a known-good target (Prometheus' own readiness URL) with
 * success, and the smokeping and MTR-analyzer series reach Prometheus.
 */
final class NetworkStep implements Step {
    static final String BLACKBOX = "blackbox-exporter";

    @Override
    public StepName name() {
        return StepName.network;
    }

    @Override
    public Optional<String> skipReason(Run run) {
        if (!run.has(BLACKBOX) && !run.has("smokeping") && !run.has("mtr-analyzer")) {
            return Optional.of("no network component (blackbox-exporter, smokeping, mtr-analyzer) is installed " + Step.where(run));
        }
        return Optional.empty();
    }

    @Override
    public void run(Run run, Outcome out) throws Exception {
        Calls calls = new Calls(run);
        Parts.all(List.of(() -> {
            if (run.has(BLACKBOX)) {
                blackbox(run, calls, out);
            }
        }, () -> {
            if (run.has("smokeping")) {
                series(run, calls, out, "smokeping", "smokeping_requests_total");
            }
        }, () -> {
            if (run.has("mtr-analyzer")) {
                series(run, calls, out, "MTR analyzer", "probe_success{job=\"mtr-analyzer\"}");
            }
        }));
    }

    /**
     * A target that answers when the stack works, as the blackbox exporter reaches it: Prometheus' readiness URL, or
     * without Prometheus the exporter's own health URL.
     */
    static String knownGood(Run run) {
        String component = run.has(Prom.PROMETHEUS) ? Prom.PROMETHEUS : BLACKBOX;
        String path = component.equals(BLACKBOX) ? "/-/healthy" : "/-/ready";
        StackAccess s = run.stack();
        if (s.mode() == StackAccess.Mode.CLUSTER) {
            return "http://" + component + "." + s.namespace() + ".svc:" + Stack.get(component).httpPort().number() + path;
        }
        return new Calls(run).describe(component, null, path);
    }

    private static void blackbox(Run run, Calls calls, Outcome out) throws InterruptedException {
        String target = knownGood(run);
        try {
            Reply r = calls.get(BLACKBOX, "/probe?module=http_2xx&target=" + Prom.enc(target));
            if (r.status() != 200) {
                throw Calls.status("the blackbox exporter", r);
            }
            if (r.body().lines().anyMatch(l -> l.equals("probe_success 1"))) {
                out.ok("blackbox probe of " + target + " succeeded");
            } else {
                out.problem("blackbox probe of " + target + " (module http_2xx) failed: probe_success is not 1 "
                        + "(add &debug=true to the probe URL for the exporter's log)");
            }
        } catch (Calls.Failed e) {
            out.problem("blackbox exporter: " + e.getMessage());
        }
    }

    private static void series(Run run, Calls calls, Outcome out, String what, String expr) throws Exception {
        String[] last = {null};
        Optional<Integer> n = Poll.until(run.deadline(), () -> {
            try {
                int size = Prom.query(calls, expr).size();
                return size == 0 ? Optional.empty() : Optional.of(size);
            } catch (Calls.Failed e) {
                last[0] = e.getMessage();
                return Optional.empty();
            }
        });
        if (n.isPresent()) {
            out.ok(n.get() + " " + what + " series (" + expr + ")");
        } else {
            out.problem("no " + what + " series in Prometheus (" + expr + ")" + (last[0] == null ? "" : ": " + last[0]));
        }
    }
}
