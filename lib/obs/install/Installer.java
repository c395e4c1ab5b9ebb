package obs.install;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import obs.cli.Console;
import obs.core.Exit;
import obs.core.ObsException;
import obs.env.ClusterFacts;
import obs.env.Doctor;
import obs.env.Finding;
import obs.kube.ServerSideApply;
import obs.manifests.ManifestSet;
import obs.manifests.Rendered;
import obs.manifests.Renderer;
import obs.manifests.Selection;
import obs.stack.Stack;
import obs.values.Profiles;
import obs.values.Values;

/**
 * The install job: resolve values, render, detect the environment (the doctor), plan against the live
 * cluster, server-side apply phase by phase, wait for every workload, and say how to reach Grafana. Each mode
 * stops at its step: images and dry-run before the cluster, check after the doctor, diff after the plan.
 */
public final class Installer {
    private static final String GRAFANA = Stack.get("grafana").name();

    /** How far an install goes. */
    public enum Mode { install, check, dryRun, diff, images }

    /**
     * @param namespace    the namespace from the command line, or null for the profile's
     * @param outputDir    with dryRun: write files there instead of printing
     */
    public record Request(InstallOptions options, String namespace, Mode mode, Path outputDir, Duration timeout, boolean showPassword) {
    }

    private Installer() {
    }

    /** Runs the request and returns the exit code; usage errors come before any cluster access. */
    public static int run(Request req, Path manifests, Console console, Supplier<KubernetesClient> connect)
            throws InterruptedException {
        InstallOptions o = req.options();
        ManifestSet set = ManifestSet.load(manifests);
        Values values = set.profiles().resolve(o.profile, o.valuesFiles, o.allSets(), req.namespace());
        Values base = set.profiles().base();
        List<String> folders = Selection.folders(set, values, o.only, o.skip);
        if (req.mode() == Mode.images) {
            InstallReport.images(console, Renderer.render(set, values, base, new Renderer.Options(folders, null, null)), o.registry);
            return Exit.OK.code;
        }
        if (req.mode() == Mode.dryRun) {
            dryRun(console, Renderer.render(set, values, base, new Renderer.Options(folders, Doctor.storageClass(null, values), o.registry)),
                    req.outputDir());
            return Exit.OK.code;
        }
        try (KubernetesClient client = connect.get()) {
            Set<String> generated = Set.of(AdminSecret.NAME);
            Rendered draft = Renderer.render(set, values, base, new Renderer.Options(folders, null, o.registry));
            ClusterFacts facts = ClusterFacts.read(client, values.namespace(), Doctor.requiredSecrets(draft, generated));
            List<Finding> findings = Doctor.examine(facts, values, draft, set.sizes(), generated);
            if (req.mode() == Mode.check) {
                InstallReport.findings(console, findings);
                return Doctor.blocking(findings) ? Exit.PROBLEM.code : Exit.OK.code;
            }
            InstallReport.environment(console, findings);
            Rendered r = InstallRecord.add(Renderer.withStorageClass(draft, Doctor.storageClass(facts, values)), set.profiles(), o,
                    req.namespace(), values, client, Instant.now());
            Set<String> scope = o.only.isEmpty() && o.skip.isEmpty() ? set.folderNames() : Set.copyOf(folders);
            Plan plan = Planner.plan(client, r, new Planner.Scope(values.namespace(), scope, Inventory.namespacedKinds(set), generated));
            if (req.mode() == Mode.diff) {
                InstallReport.diff(console, plan);
                return plan.changes() ? Exit.PROBLEM.code : Exit.OK.code;
            }
            if (Doctor.blocking(findings)) {
                throw ObsException.problem(findings.stream().filter(f -> f.status() == Finding.Status.fail).count()
                        + " blocking finding(s) above: nothing was changed (see 'install --check')");
            }
            apply(client, plan, values.namespace(), console);
            remove(client, plan, console);
            List<RolloutWait.Row> rows = RolloutWait.await(client, r.workloads(), req.timeout(), console);
            if (rows.stream().anyMatch(row -> !row.ready())) {
                InstallReport.notReady(console, rows);
                throw RolloutWait.timeout(rows, req.timeout());
            }
            String password = req.showPassword() ? AdminSecret.password(client, values.namespace()).orElse(null) : null;
            InstallReport.installed(console, values.namespace(), plan, rows,
                    GrafanaAccess.describe(client, values.namespace(), r).orElse(null), "jbang check-services " + values.namespace(), password);
            return Exit.OK.code;
        }
    }

    private static void dryRun(Console console, Rendered r, Path outputDir) {
        if (outputDir != null) {
            List<Path> files = r.write(outputDir);
            console.info("wrote " + r.items().size() + " objects in " + files.size() + " files to " + outputDir);
        } else {
            console.out().print(console.json() ? r.json() + "\n" : r.yaml());
            console.out().flush();
        }
        console.info("the " + AdminSecret.NAME + " Secret is generated at install time and never printed");
    }

    /** Applies the plan phase by phase; stops after a phase in which any object failed. */
    private static void apply(KubernetesClient client, Plan plan, String namespace, Console console) {
        for (Map.Entry<String, List<Plan.Step>> phase : plan.phases().entrySet()) {
            if (phase.getValue().stream().anyMatch(s -> s.item().folder().equals(GRAFANA)) && phase.getKey().endsWith("workloads")
                    && AdminSecret.ensure(client, namespace, grafanaObject(phase.getValue()))) {
                console.info("generated the Grafana admin password in Secret " + AdminSecret.NAME + " (shown with --show-password)");
            }
            for (Plan.Step s : phase.getValue()) {
                if (s.note() != null && s.action() == Plan.Action.skip) {
                    console.info(s.describe() + ": " + s.note());
                } else if (s.note() != null) {
                    console.warn(s.describe() + ": " + s.note());
                }
            }
            List<Applier.Failure> failures = Applier.apply(client, phase.getValue(), true);
            long applied = phase.getValue().stream().filter(s -> s.action() == Plan.Action.create || s.action() == Plan.Action.update).count();
            console.info(phase.getKey() + ": " + (applied - failures.size()) + " applied, "
                    + phase.getValue().stream().filter(s -> s.action() == Plan.Action.unchanged).count() + " unchanged");
            if (!failures.isEmpty()) {
                failures.forEach(f -> console.warn(f.error().getMessage()));
                Exit exit = failures.stream().allMatch(f -> f.error().exit() == Exit.UNREACHABLE) ? Exit.UNREACHABLE : Exit.PROBLEM;
                throw new ObsException(exit, failures.size() + " object(s) of phase '" + phase.getKey()
                        + "' were not applied (listed above); later phases were not started. Re-run install once fixed.", null);
            }
        }
    }

    /** Deletes what obs installed before and no longer renders, once everything rendered is applied. */
    private static void remove(KubernetesClient client, Plan plan, Console console) {
        if (plan.removals().isEmpty()) {
            return;
        }
        console.info("removing " + plan.removals().size() + " object(s) obs installed before and no longer renders: "
                + plan.removals().stream().map(ServerSideApply::describe).collect(Collectors.joining(", ")));
        List<String> failures = Inventory.delete(client, plan.removals());
        if (!failures.isEmpty()) {
            failures.forEach(console::warn);
            throw ObsException.problem(failures.size() + " object(s) no longer rendered were not removed (listed above)");
        }
    }

    private static HasMetadata grafanaObject(List<Plan.Step> steps) {
        return steps.stream().filter(s -> s.item().folder().equals(GRAFANA)).findFirst().orElseThrow().apply();
    }
}
