package obs.verify;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import obs.access.StackAccess;
import obs.checks.CheckResult;
import obs.checks.Outcome.Status;
import obs.checks.Report;
import obs.checks.ServiceChecks;
import obs.core.ObsException;
import obs.kube.Kube;
import obs.kube.PodDiagnosis;

/** What check-services checks, plus in a cluster every pod of obs Ready (not only Running) and every claim Bound. */
final class ComponentsStep implements Step {
    @Override
    public StepName name() {
        return StepName.components;
    }

    @Override
    public Optional<String> skipReason(Run run) {
        return Optional.empty();
    }

    @Override
    public void run(Run run, Outcome out) throws Exception {
        StackAccess s = run.stack();
        Report report;
        try {
            report = ServiceChecks.run(run.repo().resolve("checks"), List.of(), s.installed(), s.mode(), s.namespace(), s.kube(),
                    s.endpoints());
        } catch (ObsException e) {
            out.problem(e.getMessage());
            return;
        }
        List<String> failed = new ArrayList<>();
        List<String> warned = new ArrayList<>();
        for (CheckResult r : report.results()) {
            if (r.status() == Status.fail) {
                failed.add(r.component() + "/" + r.id() + ": " + r.message());
            } else if (r.status() == Status.warn) {
                warned.add(r.component() + "/" + r.id() + ": " + r.message());
            }
        }
        long ok = report.results().stream().filter(r -> r.status() == Status.ok).count();
        if (!failed.isEmpty()) {
            out.problem(failed.size() + " check(s) failed: " + String.join("; ", failed));
        }
        // Warnings do not fail check-services, nor this step; they are still said.
        out.ok(ok + " checks of " + s.installed().size() + " components pass" + (warned.isEmpty() ? ""
                : ", " + warned.size() + " warn (" + String.join("; ", warned) + ")"));
        if (s.kube() != null) {
            try {
                podsReady(s, out);
                claimsBound(s, out);
            } catch (KubernetesClientException e) {
                out.problem("Kubernetes API: " + Kube.reason(e));
            }
        }
    }

    /** Equivalent to {@code kubectl get pods -l app.kubernetes.io/part-of=obs}: every pod Ready. */
    private static void podsReady(StackAccess s, Outcome out) {
        List<Pod> pods = s.kube().pods().inNamespace(s.namespace()).withLabelSelector(StackAccess.PART_OF).list().getItems();
        List<String> notReady = new ArrayList<>();
        for (Pod pod : pods) {
            if ("Succeeded".equals(pod.getStatus() == null ? null : pod.getStatus().getPhase())) {
                continue;
            }
            boolean ready = pod.getStatus() != null && pod.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            if (!ready) {
                notReady.add(pod.getMetadata().getName() + " (" + String.join(", ", PodDiagnosis.podProblems(pod)) + ")");
            }
        }
        if (notReady.isEmpty()) {
            out.ok(pods.size() + " pods Ready");
        } else {
            out.problem("pods not Ready: " + String.join("; ", notReady));
        }
    }

    /** Equivalent to {@code kubectl get pvc -l app.kubernetes.io/part-of=obs}: every claim Bound. */
    private static void claimsBound(StackAccess s, Outcome out) {
        List<PersistentVolumeClaim> claims = s.kube().persistentVolumeClaims().inNamespace(s.namespace())
                .withLabelSelector(StackAccess.PART_OF).list().getItems();
        List<String> unbound = claims.stream().filter(c -> c.getStatus() == null || !"Bound".equals(c.getStatus().getPhase()))
                .map(c -> c.getMetadata().getName() + " is " + (c.getStatus() == null || c.getStatus().getPhase() == null
                        ? "without status" : c.getStatus().getPhase())).toList();
        if (unbound.isEmpty()) {
            out.ok(claims.size() + " volume claims Bound");
        } else {
            out.problem("volume claims not Bound: " + String.join("; ", unbound) + " (check the storage class and provisioner events)");
        }
    }
}
