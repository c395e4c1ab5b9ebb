package obs.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import obs.cli.Console;
import obs.cli.OutputOptions;
import obs.manifests.ManifestSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The --watch controller against the mock API server (its CRUD mode serves watches): informers, debounce, metrics, recovery. */
class WatchTest {
    /** Generous: the machine is shared, and the test must not depend on speed. */
    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir static Path tmp;
    static LabCluster cluster;
    static Teams teams;
    Controller controller;
    final StringWriter err = new StringWriter();

    @BeforeAll
    static void cluster() {
        cluster = new LabCluster(tmp);
        cluster.client.resource(new ConfigMapBuilder().withNewMetadata().withName("team-notes").withNamespace(Lab.STACK).endMetadata()
                .addToData("note", "keep me").build()).create();
        teams = Discovery.teams(ManifestSet.load(Path.of("manifests")).profiles().base());
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @BeforeEach
    void start() {
        var request = new Discovery.Request(Lab.APP_NAMESPACES, Lab.STACK, "prometheus-discovered", true, false, teams,
                new Discovery.Watch(new InetSocketAddress("127.0.0.1", 0), Duration.ofMillis(300), Duration.ofSeconds(60)));
        Console console = new Console(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), new OutputOptions(), false, null);
        controller = Controller.start(request, Lab.STACK, cluster.client, console);
    }

    /**
     * Each test leaves the lab as it found it: no extra service, the API answering, secret-ns refused. The objects go
     * while the controller still watches: the mock server's watch, closed while it sends an event, blocks its event
     * loop for a minute (WatchEventsListener.onClosed awaits its sender on that loop), so no event may be in flight
     * when the controller's watches close.
     */
    @AfterEach
    void stop() throws InterruptedException {
        cluster.api.allowAll();
        cluster.api.deny("GET", "/api/v1/namespaces/secret-ns/");
        cluster.client.services().inNamespace("cxtm").withName("cxtm-api").delete();
        cluster.client.pods().inNamespace("cxtm").withName("cxtm-api-0").delete();
        cluster.client.discovery().v1().endpointSlices().inNamespace("cxtm").withName("cxtm-api-abcde").delete();
        Thread.sleep(500);
        controller.close();
    }

    String probes() {
        return cluster.client.configMaps().inNamespace(Lab.STACK).withName("prometheus-discovered").get().getData().get(Coverage.PROBES_KEY);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + DEADLINE.toSeconds() + " s: " + what);
            }
            Thread.sleep(50);
        }
    }

    HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controller.port() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    String metric(String series) {
        return get("/metrics").body().lines().filter(l -> l.startsWith(series + " ")).findFirst().map(l -> l.substring(series.length() + 1))
                .orElse("absent");
    }

    @Test
    void addingAndDeletingAServiceRewritesTheTargetsAndNothingElse() throws InterruptedException {
        await("first sync", () -> ApplyTest.PROBES.equals(probes()));
        String notes = cluster.client.configMaps().inNamespace(Lab.STACK).withName("team-notes").get().getMetadata().getResourceVersion();
        assertEquals(200, get("/-/ready").statusCode());
        assertEquals(200, get("/-/healthy").statusCode());
        assertEquals("3.0", metric("obs_discovery_services{kind=\"http\"}"));
        assertEquals("4.0", metric("obs_discovery_services{kind=\"metrics\"}"));
        assertEquals("5.0", metric("obs_discovery_targets{type=\"probe\"}"));
        assertEquals("1.0", metric("obs_discovery_targets{type=\"scrape\"}"));
        assertEquals("0.0", metric("obs_discovery_sync_errors_total"));
        assertTrue(Double.parseDouble(metric("obs_discovery_last_sync_success_timestamp_seconds")) > 1.7e9);
        assertTrue(Double.parseDouble(metric("obs_discovery_syncs_total")) >= 1);

        Lab.app(cluster.client, "cxtm", "cxtm-api", java.util.Map.of(), Lab.port("http", 8080), "cxtm/api:5", java.util.Map.of(), "http", 8080);
        await("the new service's probe", () -> probes().contains("\"http://cxtm-api.cxtm.svc:8080/\""));
        cluster.client.services().inNamespace("cxtm").withName("cxtm-api").delete();
        await("the deleted service's probe gone", () -> ApplyTest.PROBES.equals(probes()));

        var data = cluster.client.configMaps().inNamespace(Lab.STACK).withName("prometheus-discovered").get().getData();
        assertEquals(Lab.STATIC_PROBES, data.get("static-probes.json"));
        assertEquals("[]\n", data.get("static-scrape.json"));
        assertEquals(notes, cluster.client.configMaps().inNamespace(Lab.STACK).withName("team-notes").get().getMetadata().getResourceVersion());
        assertTrue(err.toString().contains("[obs] warning: namespace secret-ns skipped: cannot list it (HTTP 403: "), err.toString());
    }

    @Test
    void anUnchangedResultIsNotRewritten() throws InterruptedException {
        await("first sync", () -> ApplyTest.PROBES.equals(probes()));
        int writes = cluster.api.writes();
        double syncs = Double.parseDouble(metric("obs_discovery_syncs_total"));
        cluster.client.pods().inNamespace("apps").withName("queue-0").edit(p -> {
            p.getMetadata().setLabels(new java.util.HashMap<>(p.getMetadata().getLabels()));
            p.getMetadata().getLabels().put("touched", "yes");
            return p;
        });
        int afterEdit = cluster.api.writes();
        await("a sync after the pod changed", () -> Double.parseDouble(metric("obs_discovery_syncs_total")) > syncs);
        assertEquals(afterEdit, cluster.api.writes(), "only the test's own edit wrote (" + writes + " before it)");
    }

    @Test
    void watchingEveryNamespaceWithoutTheRightToIsRefusedAtStart() throws InterruptedException {
        // The mock server stalls for seconds when a watch is closed before its first events: let the running controller settle.
        await("first sync", () -> ApplyTest.PROBES.equals(probes()));
        cluster.api.deny("GET", "/api/v1/services");
        var everywhere = new Discovery.Request(java.util.List.of(), Lab.STACK, "prometheus-discovered", true, false, teams,
                new Discovery.Watch(new InetSocketAddress("127.0.0.1", 0), Duration.ofMillis(300), Duration.ofSeconds(60)));
        Console console = new Console(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), new OutputOptions(), false, null);
        var e = org.junit.jupiter.api.Assertions.assertThrows(obs.core.ObsException.class,
                () -> Controller.start(everywhere, Lab.STACK, cluster.client, console));
        assertEquals("cannot watch every namespace (HTTP 403: User \"system:serviceaccount:ci:installer\" cannot get resource at "
                + "/api/v1/services): name the namespaces to watch", e.getMessage());
        assertEquals(obs.core.Exit.PROBLEM, e.exit());
    }

    @Test
    void anApiOutageMidWatchIsRetriedAndRecovers() throws InterruptedException {
        await("first sync", () -> ApplyTest.PROBES.equals(probes()));
        cluster.api.refuse("GET", "/api/", 500, "Internal Server Error");
        Lab.app(cluster.client, "cxtm", "cxtm-api", java.util.Map.of(), Lab.port("http", 8080), "cxtm/api:5", java.util.Map.of(), "http", 8080);
        await("a failed sync counted", () -> Double.parseDouble(metric("obs_discovery_sync_errors_total")) >= 1);
        assertTrue(err.toString().contains("[obs] warning: sync failed (retrying in 1 s): "), err.toString());
        cluster.api.allowAll();
        await("recovery", () -> probes().contains("\"http://cxtm-api.cxtm.svc:8080/\""));
        assertEquals(200, get("/-/ready").statusCode());
    }
}
