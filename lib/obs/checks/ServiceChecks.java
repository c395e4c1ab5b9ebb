package obs.checks;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import obs.access.Endpoints;
import obs.access.StackAccess;
import obs.core.ObsException;
import obs.stack.Component;
import obs.stack.Stack;

/** check-services: finds which components are installed, loads their checks and runs them. */
public final class ServiceChecks {
    private ServiceChecks() {
    }

    /**
     * Checks a stack.
     *
     * @param checksDir  the checks/ folder
     * @param requested  components asked for with --component (empty: every installed one)
     * @param installed  the components present (from the cluster inventory or the endpoints file)
     * @param mode       where the stack is, for the report
     * @param namespace  the namespace (cluster mode) or null
     * @param kube       the client, or null without a cluster
     * @param endpoints  how to reach HTTP ports
     */
    public static Report run(Path checksDir, List<String> requested, Set<String> installed, StackAccess.Mode mode, String namespace,
                             KubernetesClient kube, Endpoints endpoints) {
        requested.forEach(Stack::get);
        String where = namespace != null ? "in namespace " + namespace : "in the " + mode;
        if (requested.isEmpty() && installed.isEmpty()) {
            throw ObsException.problem("no obs components found " + where
                    + (namespace != null ? " (wrong namespace? obs installs into kube-observability-stack unless told otherwise)" : ""));
        }
        List<CheckResult> rows = new ArrayList<>();
        List<CheckRunner.Job> jobs = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        for (Component c : Stack.COMPONENTS) {
            boolean asked = requested.contains(c.name());
            if (!requested.isEmpty() && !asked) {
                continue;
            }
            if (!installed.contains(c.name())) {
                if (asked || c.local() != null || namespace != null) {
                    rows.add(CheckResult.notInstalled(c.name(), where, asked));
                }
                continue;
            }
            Target target = new Target(c, namespace, kube, endpoints);
            for (Check check : CheckFile.forComponent(checksDir, c.name()).checks()) {
                slots.add(rows.size());
                rows.add(null);
                jobs.add(new CheckRunner.Job(check, target));
            }
        }
        List<CheckResult> results = CheckRunner.run(jobs);
        for (int i = 0; i < results.size(); i++) {
            rows.set(slots.get(i), results.get(i));
        }
        return new Report(mode, namespace, rows);
    }
}
