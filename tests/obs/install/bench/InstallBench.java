package obs.install.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import obs.install.Applier;
import obs.install.InstallOptions;
import obs.install.MockCluster;
import obs.install.Plan;
import obs.install.Planner;
import obs.manifests.ManifestSet;
import obs.manifests.Rendered;
import obs.manifests.Renderer;
import obs.manifests.Selection;
import obs.values.Profiles;
import obs.values.Values;

/**
 * Benchmark (not a test): render and plan the full stack in-process, and apply it to the mock API server with
 * the objects of each phase in parallel versus one at a time. The mock answers in microseconds, so the apply
 * is measured twice: as is, and with a delay per apply that stands for a real API server's round trip.
 * Run from the checkout: {@code java -cp target/test-classes:target/classes:DEPS obs.install.bench.InstallBench}.
 */
public final class InstallBench {
    static final int RUNS = 15;

    private InstallBench() {
    }

    public static void main(String... args) throws Exception {
        Path manifests = Path.of("manifests").toAbsolutePath();
        List<String> all = new ArrayList<>(new InstallOptions().only);
        ManifestSet set = ManifestSet.load(manifests);
        all.addAll(set.toggles());
        for (int i = 0; i < 5; i++) {
            render(manifests, "warm-" + i, all);
        }
        List<Double> renders = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            render(manifests, "bench-" + i, all);
            renders.add(ms(t));
        }
        Path dir = Files.createTempDirectory("obs-bench");
        try (MockCluster cluster = new MockCluster(dir)) {
            KubernetesClient client = cluster.client;
            List<Double> plans = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                Rendered r = render(manifests, "plan-" + i, all);
                long t = System.nanoTime();
                Planner.plan(client, r);
                plans.add(ms(t));
            }
            int objects = render(manifests, "count", all).items().size();
            System.out.printf("objects: %d (every component on)%n", objects);
            System.out.printf("load + resolve + render: median %.1f ms, min %.1f ms%n", median(renders), Collections.min(renders));
            System.out.printf("plan against the mock (one GET per object, in parallel): median %.1f ms%n", median(plans));
            System.out.printf("render + plan: median %.1f ms%n", median(renders) + median(plans));
            for (long delay : new long[] {0, 10}) {
                cluster.api.applyDelay(delay);
                double parallel = apply(client, manifests, all, "par" + delay, true);
                double sequential = apply(client, manifests, all, "seq" + delay, false);
                System.out.printf("apply, %d ms per request: parallel %.0f ms, one at a time %.0f ms, ratio %.1fx%n", delay, parallel, sequential,
                        sequential / parallel);
            }
        }
    }

    /** The median of several fresh installs into new namespaces, every phase in order. */
    private static double apply(KubernetesClient client, Path manifests, List<String> all, String prefix, boolean parallel) {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Plan plan = Planner.plan(client, render(manifests, prefix + "-" + i, all));
            long t = System.nanoTime();
            for (Map.Entry<String, List<Plan.Step>> phase : plan.phases().entrySet()) {
                if (!Applier.apply(client, phase.getValue(), parallel).isEmpty()) {
                    throw new IllegalStateException("apply failed in phase " + phase.getKey());
                }
            }
            times.add(ms(t));
        }
        return median(times);
    }

    private static Rendered render(Path manifests, String namespace, List<String> only) {
        ManifestSet set = ManifestSet.load(manifests);
        Values values = set.profiles().resolve("calo-lab", List.of(), List.of(), namespace);
        return Renderer.render(set, values, set.profiles().base(), new Renderer.Options(Selection.folders(set, values, only, List.of()),
                "longhorn-single", null));
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
