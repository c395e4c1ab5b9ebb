package obs.probe.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import obs.cli.Console;
import obs.cli.OutputOptions;
import obs.probe.Daemon;
import obs.probe.PathHistory;
import obs.probe.ProbeEngine;
import obs.probe.RunOptions;
import obs.probe.Target;
import obs.probe.TargetParser;
import obs.probe.TargetReport;
import obs.probe.config.Modules;
import obs.probe.serve.Exporter;

/**
 * Probes per second on loopback, obs against the real blackbox exporter in the same run, and 200-target ICMP
 * against fping alone. Not a test: timing belongs in a report, not in an assertion. Run with
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) obs.probe.bench.ProbeBench [seconds] [concurrency]
 * </pre>
 */
public final class ProbeBench {
    private static final String MODULES = """
            modules:
              tcp_connect: {prober: tcp, timeout: 5s, tcp: {preferred_ip_protocol: ip4}}
              http_2xx: {prober: http, timeout: 5s, http: {preferred_ip_protocol: ip4}}
            """;

    private ProbeBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        Path dir = Files.createTempDirectory("obs-probe-bench");
        Path config = Files.writeString(dir.resolve("modules.yml"), MODULES);
        ServerSocket tcp = tcpTarget();
        HttpServer http = httpTarget();
        String tcpTarget = "127.0.0.1:" + tcp.getLocalPort();
        String httpTarget = "http://127.0.0.1:" + http.getAddress().getPort() + "/";
        int bbPort = Daemon.freePort();
        Path targets = Files.writeString(dir.resolve("targets.yaml"), "targets:\n  - target: tcp://" + tcpTarget + "\n    interval: 1h\n");
        Console quiet = new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), new OutputOptions(), false, null);
        try (Daemon blackbox = Daemon.start(List.of("prometheus-blackbox-exporter", "--config.file=" + config,
                "--web.listen-address=127.0.0.1:" + bbPort), dir.resolve("blackbox.log"), URI.create("http://127.0.0.1:" + bbPort + "/-/healthy"));
             Exporter exporter = Exporter.start(new Exporter.Settings(targets, config, new InetSocketAddress("127.0.0.1", 0),
                     concurrency, Duration.ofHours(1), "fping", "mtr"), quiet)) {
            ProbeEngine engine = ProbeEngine.system(PathHistory.inMemory());
            TargetParser parser = new TargetParser(Modules.of(config.toString(), MODULES));
            System.out.printf("loopback probes/s, %d s each, concurrency %d%n", seconds, concurrency);
            System.out.printf("%-6s %12s %14s %14s %10s %10s%n", "module", "blackbox", "obs /probe", "obs engine", "ratio", "engine/bb");
            for (String[] c : List.of(new String[] {"tcp_connect", tcpTarget}, new String[] {"http_2xx", httpTarget})) {
                String query = "/probe?module=" + c[0] + "&target=" + URLEncoder.encode(c[1], StandardCharsets.UTF_8);
                double bb = rate(seconds, concurrency, endpoint("http://127.0.0.1:" + bbPort + query, "probe_success 1"));
                double viaHttp = rate(seconds, concurrency, endpoint("http://127.0.0.1:" + exporter.port() + query, "probe_success 1.0"));
                Target t = parser.parse(c[1], c[0], Map.of());
                double direct = rate(seconds, concurrency, () -> engine.probe(t, null).success());
                System.out.printf(Locale.ROOT, "%-6s %12.0f %14.0f %14.0f %9.1fx %9.1fx%n", c[0].substring(0, c[0].indexOf('_')),
                        bb, viaHttp, direct, viaHttp / bb, direct / bb);
            }
            icmp(engine, parser);
        } finally {
            tcp.close();
            http.stop(0);
        }
    }

    /** 200 loopback targets, 3 pings 100 ms apart: obs (one fping process) against fping itself, median of 5. */
    private static void icmp(ProbeEngine engine, TargetParser parser) throws Exception {
        List<String> addresses = new ArrayList<>();
        List<Target> targets = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            addresses.add("127.0.1." + i);
            targets.add(parser.parse("icmp://127.0.1." + i, "icmp", Map.of()));
        }
        List<String> fping = new ArrayList<>(List.of("fping", "-q", "-C", "3", "-p", "100", "-i", "1"));
        fping.addAll(addresses);
        double alone = median(() -> {
            Process p = new ProcessBuilder(fping).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        });
        double obs = median(() -> engine.run(targets, new RunOptions(3, Duration.ofMillis(100), 64, null)).stream()
                .allMatch(TargetReport::success));
        System.out.printf(Locale.ROOT, "icmp 200 targets x 3 pings, 100 ms apart: fping %.0f ms, obs %.0f ms, ratio %.3f%n",
                alone, obs, obs / alone);
    }

    private interface Run {
        boolean once() throws Exception;
    }

    private static double median(Run run) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            if (!run.once()) {
                throw new IllegalStateException("a run failed");
            }
            ms.add((System.nanoTime() - t) / 1e6);
        }
        ms.sort(Double::compare);
        return ms.get(2);
    }

    private static BooleanSupplier endpoint(String url, String success) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
        return () -> {
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString()).body().contains("\n" + success + "\n");
            } catch (IOException | InterruptedException e) {
                return false;
            }
        };
    }

    /** Successful probes per second with {@code concurrency} callers for {@code seconds} (after a 1 s warm-up). */
    private static double rate(int seconds, int concurrency, BooleanSupplier probe) throws InterruptedException {
        run(1, concurrency, probe);
        return run(seconds, concurrency, probe) / (double) seconds;
    }

    private static long run(int seconds, int concurrency, BooleanSupplier probe) throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < concurrency; i++) {
                exec.submit(() -> {
                    while (System.nanoTime() < end) {
                        if (probe.getAsBoolean()) {
                            ok.incrementAndGet();
                        }
                    }
                });
            }
        }
        return ok.get();
    }

    private static ServerSocket tcpTarget() throws IOException {
        ServerSocket server = new ServerSocket(0, 1024, InetAddress.getByName("127.0.0.1"));
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.setSoLinger(true, 0);
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return server;
    }

    private static HttpServer httpTarget() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            byte[] body = "ok\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        return server;
    }
}
