package obs.discover;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.AnyNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import obs.cli.Console;
import obs.core.Exit;
import obs.core.ObsException;
import obs.discover.ClusterView.Skipped;
import obs.discover.ClusterView.StackConfig;
import obs.http.EndpointServer;
import obs.http.EndpointServer.Reply;
import obs.kube.Kube;

/**
 * The discovery controller (the discovery Deployment's process): informers on Services, EndpointSlices and Pods,
 * a sync a debounce interval after the last change (and every resync interval, for changes to Prometheus'
 * configuration), a rewrite of discovery's keys only when they change, its own /metrics, /-/healthy and /-/ready,
 * and retries with exponential backoff while the API fails.
 */
final class Controller implements AutoCloseable {
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private final Discovery.Request request;
    private final String stackNs;
    private final ClusterView view;
    private final KubernetesClient syncClient;
    private final Console console;
    private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();
    private final List<SharedIndexInformer<Service>> serviceInformers = new ArrayList<>();
    private final List<SharedIndexInformer<EndpointSlice>> sliceInformers = new ArrayList<>();
    private final List<SharedIndexInformer<Pod>> podInformers = new ArrayList<>();
    private final List<Skipped> skipped = new ArrayList<>();
    private final DiscoveryMetrics metrics = new DiscoveryMetrics();
    private final Object signal = new Object();
    private final EndpointServer server;
    private final Thread loop;
    private volatile boolean changed = true;
    private volatile boolean running = true;
    private volatile boolean ready;
    /** The first sync also reports the jobs discover cannot evaluate; later ones do not repeat it. */
    private final AtomicBoolean firstSync = new AtomicBoolean(true);

    private Controller(Discovery.Request request, String stackNs, KubernetesClient client, Console console) throws IOException {
        this.request = request;
        this.stackNs = stackNs;
        // The sync's reads and write fail at once rather than after fabric8's own retries (about 50 s on a 5xx):
        // the loop below retries with its own backoff, and counts each failure in its metrics.
        this.syncClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(0).build()).build();
        this.view = new ClusterView(syncClient);
        this.console = console;
        List<String> namespaces = request.namespaces();
        for (String ns : namespaces) {
            String reason = forbidden(client, ns);
            if (reason != null) {
                skipped.add(new Skipped(ns, reason));
                console.warn("namespace " + ns + " skipped: cannot list it (" + reason + ")");
            }
        }
        List<String> watched = namespaces.stream().filter(ns -> skipped.stream().noneMatch(s -> s.namespace().equals(ns))).toList();
        if (namespaces.isEmpty()) {
            String reason = forbidden(client, null);
            if (reason != null) {
                throw ObsException.problem("cannot watch every namespace (" + reason + "): name the namespaces to watch");
            }
            serviceInformers.add(inform(client.services().inAnyNamespace()));
            sliceInformers.add(inform(client.discovery().v1().endpointSlices().inAnyNamespace()));
            podInformers.add(inform(client.pods().inAnyNamespace()));
        }
        for (String ns : watched) {
            serviceInformers.add(inform(client.services().inNamespace(ns)));
            sliceInformers.add(inform(client.discovery().v1().endpointSlices().inNamespace(ns)));
            podInformers.add(inform(client.pods().inNamespace(ns)));
        }
        informers.addAll(serviceInformers);
        informers.addAll(sliceInformers);
        informers.addAll(podInformers);
        informers.forEach(SharedIndexInformer::start);
        server = EndpointServer.start(request.watch().listen(), Map.of(
                "/metrics", r -> metrics.scrape(),
                "/-/healthy", r -> Reply.text(200, "discovery is running\n"),
                "/-/ready", r -> ready ? Reply.text(200, "discovery has synced\n") : Reply.text(503, "discovery has not synced yet\n")),
                r -> Reply.text(404, "not found: try /metrics, /-/healthy or /-/ready\n"));
        loop = Thread.ofPlatform().name("obs-discovery").daemon().start(this::runLoop);
    }

    /** Starts the controller; {@link #close} stops it. */
    static Controller start(Discovery.Request request, String stackNs, KubernetesClient client, Console console) {
        try {
            return new Controller(request, stackNs, client, console);
        } catch (IOException e) {
            throw ObsException.usage("--listen " + request.watch().listen() + ": cannot listen: " + e.getMessage(), e);
        }
    }

    /** Runs until the process is asked to stop (SIGTERM, Ctrl-C), then stops informers and server cleanly. */
    static int run(Discovery.Request request, String stackNs, KubernetesClient client, Console console)
            throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try (Controller c = start(request, stackNs, client, console)) {
            console.info("watching " + (request.namespaces().isEmpty() ? "every namespace" : String.join(", ", request.namespaces()))
                    + "; serving /metrics on port " + c.port());
            stop.await();
            console.info("stopping");
        } finally {
            stopped.countDown();
        }
        return Exit.OK.code;
    }

    int port() {
        return server.port();
    }

    /** Whether the informers have synced and a sync succeeded (what /-/ready answers). */
    boolean ready() {
        return ready;
    }

    private <T extends HasMetadata, L extends KubernetesResourceList<T>> SharedIndexInformer<T> inform(
            AnyNamespaceOperation<T, L, ? extends Resource<T>> op) {
        SharedIndexInformer<T> informer = op.runnableInformer(0);
        // Keep retrying the list and watch after a failure instead of giving up: the sync loop reports the outage.
        informer.exceptionHandler((started, t) -> true);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                poke();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                if (!oldObj.getMetadata().getResourceVersion().equals(newObj.getMetadata().getResourceVersion())) {
                    poke();
                }
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                poke();
            }
        });
        return informer;
    }

    /** Whether the user may list the kinds in the namespace (null: in every namespace): null if so, else the refusal in words. */
    private static String forbidden(KubernetesClient client, String ns) {
        List<MixedOperation<?, ?, ?>> ops = List.of(client.services(), client.discovery().v1().endpointSlices(), client.pods());
        var one = new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(1L).build();
        for (MixedOperation<?, ?, ?> op : ops) {
            try {
                if (ns == null) {
                    op.inAnyNamespace().list(one);
                } else {
                    op.inNamespace(ns).list(one);
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() == 403) {
                    return "HTTP 403: " + Kube.reason(e);
                }
                return null;
            }
        }
        return null;
    }

    private void poke() {
        synchronized (signal) {
            changed = true;
            signal.notifyAll();
        }
    }

    private void runLoop() {
        Duration backoff = Duration.ofSeconds(1);
        while (running) {
            try {
                synchronized (signal) {
                    if (!changed) {
                        signal.wait(request.watch().resync().toMillis());
                    }
                }
                if (!running) {
                    return;
                }
                // Debounce: a burst of events (a rollout, a new namespace) becomes one sync after it settles.
                do {
                    changed = false;
                    Thread.sleep(request.watch().debounce().toMillis());
                } while (changed && running);
                if (!running) {
                    return;
                }
                if (informers.stream().allMatch(SharedIndexInformer::hasSynced)) {
                    sync();
                    backoff = Duration.ofSeconds(1);
                } else {
                    changed = true;
                }
            } catch (InterruptedException e) {
                return;
            } catch (ObsException | KubernetesClientException e) {
                metrics.failed();
                String why = e instanceof KubernetesClientException k ? Kube.reason(k) : e.getMessage();
                console.warn("sync failed (retrying in " + backoff.toSeconds() + " s): " + why);
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                changed = true;
            }
        }
    }

    private void sync() {
        metrics.attempt();
        Inventory inv = new Inventory(items(serviceInformers), items(sliceInformers), items(podInformers));
        StackConfig config = view.stackConfig(stackNs, request.configMap(), console::warn);
        Coverage coverage = firstSync.getAndSet(false) ? Discovery.coverage(config, stackNs, request.teams(), console)
                : new Coverage(config.scrape(), stackNs, request.teams(), config.files());
        List<Finding> findings = coverage.findings(inv);
        Map<String, String> files = FileSd.render(findings);
        long scrape = Discovery.count(findings, Finding.Type.scrape);
        long probe = Discovery.count(findings, Finding.Type.probe);
        if (request.apply() && view.write(stackNs, request.configMap(), config.discovered(), files)) {
            console.info("wrote " + scrape + " scrape and " + probe + " probe targets into ConfigMap " + stackNs + "/" + request.configMap());
        }
        metrics.succeeded(findings, scrape, probe);
        ready = true;
    }

    private static <T> List<T> items(List<SharedIndexInformer<T>> informers) {
        List<T> out = new ArrayList<>();
        informers.forEach(i -> out.addAll(i.getStore().list()));
        return out;
    }

    @Override
    public void close() {
        running = false;
        loop.interrupt();
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        informers.forEach(SharedIndexInformer::close);
        server.close();
        syncClient.close();
    }
}
