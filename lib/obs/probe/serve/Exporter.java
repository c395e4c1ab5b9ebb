package obs.probe.serve;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import obs.cli.Console;
import obs.core.ObsException;
import obs.http.EndpointServer;
import obs.http.EndpointServer.Reply;
import obs.http.EndpointServer.Request;
import obs.probe.PathHistory;
import obs.probe.ProbeEngine;
import obs.probe.ProbeResult;
import obs.probe.Target;
import obs.probe.TargetParser;
import obs.probe.TargetsFile.Scheduled;
import obs.probe.config.Modules;

/**
 * {@code probe serve}: scheduled probes of a targets file exposed on /metrics, a blackbox-compatible
 * /probe?target=&module=, /-/healthy, /-/ready and POST /-/reload. This is what the mtr-analyzer Deployment runs.
 */
public final class Exporter implements AutoCloseable {
    /** Blackbox's margin under Prometheus's scrape timeout, so the answer arrives before Prometheus gives up. */
    private static final Duration SCRAPE_MARGIN = Duration.ofMillis(500);
    private static final Duration NO_SCRAPE_TIMEOUT = Duration.ofSeconds(120);

    /**
     * @param targetsFile the targets file
     * @param configFile  blackbox modules file, or null for the deployed one or the built-ins
     * @param listen      address to serve on
     * @param concurrency probes in flight at once
     * @param reloadEvery how often the files are checked for changes
     * @param fping       fping binary
     * @param mtr         mtr binary
     * @param stateFile   where path history survives restarts, or null to keep it in memory
     */
    public record Settings(Path targetsFile, Path configFile, InetSocketAddress listen, int concurrency,
                           Duration reloadEvery, String fping, String mtr, Path stateFile) {
        /** Settings with the path history in memory. */
        public Settings(Path targetsFile, Path configFile, InetSocketAddress listen, int concurrency,
                        Duration reloadEvery, String fping, String mtr) {
            this(targetsFile, configFile, listen, concurrency, reloadEvery, fping, mtr, null);
        }
    }

    private static final String INDEX = "obs probe exporter: /metrics /probe?target=&module= /-/healthy /-/ready /-/reload\n";

    private final EndpointServer server;
    private final Scheduler scheduler;
    private final ResultStore store;
    private final ConfigSource config;
    private final ProbeEngine engine;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Gauge reloadOk;
    private final Gauge reloadTime;
    private final Gauge targetCount;
    private final Console console;
    private volatile Modules modules;

    private Exporter(Settings s, Console console) throws IOException {
        this.console = console;
        PathHistory history = s.stateFile() == null ? PathHistory.inMemory() : PathHistory.inFile(s.stateFile(), console::warn);
        this.engine = new ProbeEngine(s.fping(), s.mtr(), history);
        Histogram latency = Histogram.builder().name("probe_latency_seconds")
                .help("Latency of successful probes (every ping's RTT for icmp), for smokeping-style views")
                .labelNames("target", "module").classicOnly().classicExponentialUpperBounds(0.0001, 2, 18).register(registry);
        this.reloadOk = Gauge.builder().name("obs_probe_config_last_reload_successful")
                .help("Whether the last load of the targets and modules files worked").register(registry);
        this.reloadTime = Gauge.builder().name("obs_probe_config_last_reload_success_timestamp_seconds")
                .help("When the files were last loaded successfully, Unix time").register(registry);
        this.targetCount = Gauge.builder().name("obs_probe_targets").help("Targets being probed").register(registry);
        this.store = new ResultStore(history, latency);
        registry.register(store);
        this.config = new ConfigSource(s.targetsFile(), s.configFile(), console);
        this.scheduler = new Scheduler(engine, store, s.concurrency(), console);
        apply(config.load());
        this.server = EndpointServer.start(s.listen(), Map.of(
                "/metrics", req -> new Reply(200, Exposition.contentType(), Exposition.bytes(registry.scrape())),
                "/probe", this::probe,
                "/-/healthy", req -> Reply.text(200, "Healthy\n"),
                "/-/ready", req -> Reply.text(200, "Ready\n"),
                "/-/reload", this::reload,
                "/", req -> Reply.text(200, INDEX)), req -> Reply.text(404, INDEX));
        scheduler.every(s.reloadEvery(), this::reloadIfChanged);
    }

    /**
     * Loads the files, starts probing and serving. A bad file at start is a usage error; later, a bad file keeps
     * the previous targets and sets obs_probe_config_last_reload_successful to 0.
     */
    public static Exporter start(Settings s, Console console) {
        try {
            return new Exporter(s, console);
        } catch (IOException e) {
            throw ObsException.usage("cannot listen on " + s.listen().getHostString() + ":" + s.listen().getPort() + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.port();
    }

    private void apply(ConfigSource.Loaded loaded) {
        modules = loaded.modules();
        List<Target> targets = loaded.targets().stream().map(Scheduled::target).toList();
        store.retain(targets);
        scheduler.schedule(loaded.targets());
        targetCount.set(targets.size());
        reloadOk.set(1);
        reloadTime.set(System.currentTimeMillis() / 1000.0);
        console.info("probing " + targets.size() + " target(s)");
    }

    /** Reloads the files now; false (and the old targets kept) when they are invalid. */
    public synchronized boolean reload() {
        try {
            apply(config.load());
            return true;
        } catch (ObsException e) {
            reloadOk.set(0);
            console.warn("reload failed, still probing the previous targets: " + e.getMessage());
            return false;
        }
    }

    private void reloadIfChanged() {
        if (config.changed()) {
            reload();
        }
    }

    private Reply reload(Request req) {
        if (!req.method().equals("POST")) {
            return Reply.text(405, "use POST\n");
        }
        boolean ok = reload();
        return Reply.text(ok ? 200 : 500, ok ? "reloaded\n" : "reload failed, see the exporter's log\n");
    }

    /**
     * Blackbox's /probe: one probe now, its samples as the response ({@code debug=true}: what happened, as text).
     * Bad parameters are a 400 with the reason.
     */
    private Reply probe(Request req) {
        Map<String, String> params = req.params();
        String targetText = params.get("target");
        if (targetText == null || targetText.isEmpty()) {
            return Reply.text(400, "Target parameter is missing\n");
        }
        Target target;
        try {
            target = new TargetParser(modules).parse(targetText, params.getOrDefault("module", "http_2xx"), Map.of());
        } catch (ObsException e) {
            return Reply.text(400, e.getMessage() + "\n");
        }
        ProbeResult result = engine.probe(target, timeout(req, target));
        byte[] metrics = Exposition.probeText(result.samples());
        if ("true".equals(params.get("debug"))) {
            return Reply.text(200, ProbeDebug.text(target, result, metrics));
        }
        return new Reply(200, Exposition.contentType(), metrics);
    }

    private static Duration timeout(Request req, Target target) {
        Duration limit = NO_SCRAPE_TIMEOUT;
        String header = req.header("X-Prometheus-Scrape-Timeout-Seconds");
        if (header != null) {
            try {
                limit = Duration.ofMillis((long) (Double.parseDouble(header) * 1000)).minus(SCRAPE_MARGIN);
            } catch (NumberFormatException e) {
                limit = NO_SCRAPE_TIMEOUT;
            }
        }
        Duration module = target.module().timeout();
        Duration chosen = module != null && module.compareTo(limit) < 0 ? module : limit;
        return chosen.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : chosen;
    }

    @Override
    public void close() {
        server.close();
        scheduler.close();
    }
}
