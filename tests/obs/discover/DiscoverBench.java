package obs.discover;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import obs.cli.Console;
import obs.cli.OutputOptions;
import obs.manifests.ManifestSet;

/**
 * Benchmark (not a test): discovery over 5,000 Services (with their Pods and EndpointSlices) in 200 namespaces of
 * the fabric8 mock API server, with the shipped prometheus.yml whose annotation jobs look at every namespace.
 * It prints the time from "the lists have arrived" to the result (classification, coverage through every job's
 * relabelling, file_sd rendering), against the time the three lists took in the same run, and the heap the
 * --watch controller holds once its informers have the objects (after a full GC, against the heap before it
 * started). Run from the checkout:
 * {@code java -cp target/test-classes:target/classes:DEPS obs.discover.DiscoverBench}.
 */
public final class DiscoverBench {
    static final int NAMESPACES = 200;
    static final int PER_NAMESPACE = 25;
    static final int RUNS = 7;

    private DiscoverBench() {
    }

    public static void main(String... args) throws Exception {
        Path dir = Files.createTempDirectory("discover-bench");
        try (LabCluster cluster = new LabCluster(dir)) {
            KubernetesClient c = cluster.client;
            String config = Lab.read("manifests/prometheus/prometheus.yml")
                    .replaceAll("        namespaces:\\n          names: \\[cxtaf-cxeng, cxtaf-cxeng-taa, cxtaf-cxeng-ui, cxtm\\]\\n", "");
            c.configMaps().inNamespace(Lab.STACK).withName("prometheus-config").edit(cm -> new ConfigMapBuilder(cm)
                    .addToData("prometheus.yml", config).build());
            populate(c);
            Teams teams = Discovery.teams(ManifestSet.load(Path.of("manifests")).profiles().base());
            ClusterView view = new ClusterView(c);
            List<String> namespaces = view.namespaces(List.of(), false);
            long[] listMs = new long[RUNS];
            long[] computeMs = new long[RUNS];
            int services = 0;
            long targets = 0;
            for (int i = 0; i < RUNS; i++) {
                long t0 = System.nanoTime();
                Inventory inv = view.list(namespaces, s -> { });
                ClusterView.StackConfig stack = view.stackConfig(Lab.STACK, "prometheus-discovered", w -> { });
                long t1 = System.nanoTime();
                List<Finding> findings = new Coverage(stack.scrape(), Lab.STACK, teams, stack.files()).findings(inv);
                Map<String, String> files = FileSd.render(findings);
                long t2 = System.nanoTime();
                listMs[i] = (t1 - t0) / 1_000_000;
                computeMs[i] = (t2 - t1) / 1_000_000;
                services = findings.size();
                targets = Discovery.count(findings, Finding.Type.scrape) + Discovery.count(findings, Finding.Type.probe);
            }
            System.out.printf("services: %d in %d namespaces (+%d in the lab), targets suggested: %d%n", services, NAMESPACES,
                    services - NAMESPACES * PER_NAMESPACE, targets);
            System.out.printf("lists (3 kinds x %d namespaces + ConfigMaps), median of %d: %d ms%n", namespaces.size(), RUNS, median(listMs));
            System.out.printf("lists arrived -> result, median of %d: %d ms (%.2f x the lists; runs %s)%n", RUNS, median(computeMs),
                    (double) median(computeMs) / median(listMs), Arrays.toString(computeMs));
            watchHeap(c, teams);
        }
    }

    private static void watchHeap(KubernetesClient c, Teams teams) throws InterruptedException {
        long before = heapAfterGc();
        var request = new Discovery.Request(List.of(), Lab.STACK, "prometheus-discovered", true, false, teams,
                new Discovery.Watch(new InetSocketAddress("127.0.0.1", 0), Duration.ofMillis(200), Duration.ofSeconds(60)));
        Console quiet = new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), new OutputOptions(), false, null);
        long t0 = System.nanoTime();
        try (Controller controller = Controller.start(request, Lab.STACK, c, quiet)) {
            while (!controller.ready()) {
                Thread.sleep(50);
            }
            long t1 = System.nanoTime();
            long after = heapAfterGc();
            System.out.printf("--watch: ready (informers synced, first sync written) after %d ms; heap held %d MiB (%d MiB before, %d MiB with it)%n",
                    (t1 - t0) / 1_000_000, (after - before) >> 20, before >> 20, after >> 20);
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** 25 Services per namespace: 5 annotated metrics, 10 HTTP, 2 databases, 8 other; each with a pod and a slice. */
    private static void populate(KubernetesClient c) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> work = new ArrayList<>();
        for (int n = 0; n < NAMESPACES; n++) {
            String ns = String.format("ns-%03d", n);
            c.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
            for (int s = 0; s < PER_NAMESPACE; s++) {
                int i = s;
                work.add(pool.submit(() -> {
                    String name = "svc-" + i;
                    if (i < 5) {
                        Lab.app(c, ns, name, Map.of("prometheus.io/scrape", "true", "prometheus.io/port", "9100"), Lab.port("metrics", 9100),
                                "app:1", Map.of(), "metrics", 9100);
                    } else if (i < 15) {
                        Lab.app(c, ns, name, Map.of(), Lab.port("http", 8080), "web:1", Map.of(), "http", 8080);
                    } else if (i < 17) {
                        Lab.app(c, ns, name, Map.of(), Lab.port("redis", 6379), "redis:7", Map.of(), "redis", 6379);
                    } else {
                        Lab.app(c, ns, name, Map.of(), Lab.port("grpc", 9000 + i), "worker:1", Map.of(), "grpc", 9000 + i);
                    }
                    return null;
                }));
            }
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
