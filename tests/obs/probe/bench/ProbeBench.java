package obs.probe.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import obs.probe.Daemon;
import obs.probe.PathHistory;
import obs.probe.ProbeEngine;
import obs.probe.RunOptions;
import obs.probe.Target;
import obs.probe.TargetParser;
import obs.probe.TargetReport;
import obs.probe.config.Modules;

/**
 * Probes per second on loopback: obs's {@code probe serve} against the real blackbox exporter, both as separate
 * processes driven by the same load generator (wrk, keep-alive connections, like Prometheus) in the same run,
 * plus the rate of obs's engine called in-process (what {@code obs probe} gets), and 200-target ICMP against
 * fping alone. Then latency where it is comparable: both exporters at the same fixed rate ({@link OpenLoad}). Not a test: timing belongs in a report, not in an assertion. Run with
 * {@code tests/bench/probe.sh [seconds] [connections]}.
 * The targets are made as cheap as a loopback server can be (the tcp one accepts and closes on one thread),
 * because on a real network the target's work is not on the prober's machine; each exporter's own CPU time per
 * probe is printed too, which does not depend on the target or on what else shares the cores.
 */
public final class ProbeBench {
    private static final String MODULES = """
            modules:
              tcp_connect: {prober: tcp, timeout: 5s, tcp: {preferred_ip_protocol: ip4}}
              http_2xx: {prober: http, timeout: 5s, http: {preferred_ip_protocol: ip4}}
            """;
    /** Counts the responses that do not report a successful probe, so a failing exporter cannot look fast. */
    private static final String WRK_SCRIPT = """
            local threads = {}
            function setup(thread) table.insert(threads, thread) end
            function init(args) failures = 0 end
            function response(status, headers, body)
              if status ~= 200 or not body:find("\\nprobe_success 1", 1, true) then failures = failures + 1 end
            end
            function done(summary, latency, requests)
              local f = 0
              for _, t in ipairs(threads) do f = f + t:get("failures") end
              io.write(string.format("bench requests=%d failures=%d micros=%d p50=%d p99=%d\\n", summary.requests, f, summary.duration,
                latency:percentile(50), latency:percentile(99)))
            end
            """;
    private static final int ROUNDS = 3;
    private static final Pattern WRK_RESULT = Pattern.compile("bench requests=(\\d+) failures=(\\d+) micros=(\\d+) p50=(\\d+) p99=(\\d+)");
    /** The open-loop rate as a share of blackbox's closed-loop rate: near its capacity, but not queueing without end. */
    private static final double OPEN_LOOP_SHARE = 0.7;
    /** Per exporter port, SYN retransmissions seen during its runs: a 1 s stall in one run is explained here. */
    private static final Map<Integer, Long> SYN_RETRANSMITS = new HashMap<>();
    /** Threads accepting on each target (see {@link #tcpTarget}). */
    private static final int ACCEPTORS = 4;

    private ProbeBench() {
    }

    /** Successful probes per second, the exporter's CPU milliseconds per probe, wrk's p50 and p99 in milliseconds. */
    private record Rate(double perSecond, double cpuMillisPerProbe, double p50, double p99) {
        /** The median of each column on its own. */
        static Rate median(List<Rate> rates) {
            return new Rate(ProbeBench.median(rates, Rate::perSecond), ProbeBench.median(rates, Rate::cpuMillisPerProbe),
                    ProbeBench.median(rates, Rate::p50), ProbeBench.median(rates, Rate::p99));
        }
    }

    private static <T> double median(List<T> rows, ToDoubleFunction<T> column) {
        return rows.stream().mapToDouble(column).sorted().toArray()[rows.size() / 2];
    }

    private static <T> String range(List<T> rows, ToDoubleFunction<T> column, String format) {
        DoubleSummaryStatistics s = rows.stream().mapToDouble(column).summaryStatistics();
        return String.format(Locale.ROOT, format + "-" + format, s.getMin(), s.getMax());
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        Path dir = Files.createTempDirectory("obs-probe-bench");
        Path config = Files.writeString(dir.resolve("modules.yml"), MODULES);
        Path script = Files.writeString(dir.resolve("count.lua"), WRK_SCRIPT);
        ServerSocket tcp = tcpTarget();
        ServerSocket http = httpTarget();
        String tcpTarget = "127.0.0.1:" + tcp.getLocalPort();
        String httpTarget = "http://127.0.0.1:" + http.getLocalPort() + "/";
        int bbPort = Daemon.freePort();
        int obsPort = Daemon.freePort();
        Path targets = Files.writeString(dir.resolve("targets.yaml"), "targets:\n  - target: tcp://" + tcpTarget + "\n    interval: 1h\n");
        String java = ProcessHandle.current().info().command().orElse("java");
        try (Daemon blackbox = Daemon.start(List.of("prometheus-blackbox-exporter", "--config.file=" + config,
                "--web.listen-address=127.0.0.1:" + bbPort), dir.resolve("blackbox.log"), URI.create("http://127.0.0.1:" + bbPort + "/-/healthy"));
             Daemon obs = Daemon.start(List.of(java, "-cp", System.getProperty("java.class.path"), "obs.probe.serve.ServeCommand",
                     "-f", targets.toString(), "--config-file", config.toString(), "--listen", "127.0.0.1:" + obsPort, "-q"),
                     dir.resolve("obs.log"), URI.create("http://127.0.0.1:" + obsPort + "/-/healthy"))) {
            ProbeEngine engine = ProbeEngine.system(PathHistory.inMemory());
            TargetParser parser = new TargetParser(Modules.of(config.toString(), MODULES));
            System.out.printf("Closed loop: loopback probes/s, median of %d interleaved %d s runs, %d keep-alive connections (wrk);"
                    + " in brackets each exporter's CPU ms per probe; p50/p99 in ms as wrk reports them (it adds the requests a"
                    + " stall held back, so a faster server's stall weighs more)%n", ROUNDS, seconds, connections);
            System.out.printf("%-6s %16s %12s %16s %12s %8s %14s %10s%n", "module", "blackbox /probe", "p50/p99", "obs /probe", "p50/p99",
                    "ratio", "obs engine", "engine/bb");
            List<String> openLoop = new ArrayList<>();
            for (String[] c : List.of(new String[] {"tcp_connect", tcpTarget}, new String[] {"http_2xx", httpTarget})) {
                String query = "/probe?module=" + c[0] + "&target=" + URLEncoder.encode(c[1], StandardCharsets.UTF_8);
                wrk(script, "http://127.0.0.1:" + obsPort + query, 5, connections, null); // JIT warm-up, not counted
                List<Rate> bb = new ArrayList<>();
                List<Rate> viaHttp = new ArrayList<>();
                List<Rate> inProcess = new ArrayList<>();
                Target t = parser.parse(c[1], c[0], Map.of());
                BooleanSupplier inProcessProbe = () -> engine.probe(t, null).success();
                run(2, connections, inProcessProbe); // JIT warm-up of this JVM's engine
                for (int round = 0; round < ROUNDS; round++) { // interleaved, so drifting machine load hits all alike
                    bb.add(wrk(script, "http://127.0.0.1:" + bbPort + query, seconds, connections, blackbox));
                    viaHttp.add(wrk(script, "http://127.0.0.1:" + obsPort + query, seconds, connections, obs));
                    inProcess.add(new Rate(rate(seconds, connections, inProcessProbe), 0, 0, 0));
                }
                Rate b = Rate.median(bb);
                Rate o = Rate.median(viaHttp);
                double direct = Rate.median(inProcess).perSecond();
                String module = c[0].substring(0, c[0].indexOf('_'));
                System.out.printf(Locale.ROOT, "%-6s %8.0f (%.3f) %5.1f/%-6.1f %8.0f (%.3f) %5.1f/%-6.1f %7.1fx %14.0f %9.1fx%n", module,
                        b.perSecond(), b.cpuMillisPerProbe(), b.p50(), b.p99(), o.perSecond(), o.cpuMillisPerProbe(), o.p50(), o.p99(),
                        o.perSecond() / b.perSecond(), direct, direct / b.perSecond());
                openLoop.add(openLoop(module, query, bbPort, obsPort, OPEN_LOOP_SHARE * b.perSecond(), connections, seconds));
            }
            System.out.printf(Locale.ROOT, "%nOpen loop at a fixed rate, the same for both (%.0f %% of blackbox's closed-loop rate), %d"
                    + " keep-alive connections, latency from each request's due time; %d interleaved %d s rounds, ranges over the rounds%n",
                    OPEN_LOOP_SHARE * 100, connections, ROUNDS, seconds);
            System.out.printf("%-6s %9s %13s %14s %14s %14s %14s %14s %14s%n", "module", "offered/s", "bb answered/s", "blackbox p50",
                    "blackbox p99", "obs answered/s", "obs p50", "obs p99", "p99 obs/bb");
            openLoop.forEach(System.out::println);
            icmp(engine, parser);
            System.out.printf("TCP SYN retransmissions on this host (each a connect that waited 1 s) during the runs against blackbox: %d,"
                    + " obs: %d%n", SYN_RETRANSMITS.get(bbPort), SYN_RETRANSMITS.get(obsPort));
        } finally {
            tcp.close();
            http.close();
        }
    }

    /** Both exporters at the same fixed rate, rounds interleaved; one table line with the ranges. */
    private static String openLoop(String module, String query, int bbPort, int obsPort, double rate, int connections, int seconds)
            throws Exception {
        List<OpenLoad.Result> bb = new ArrayList<>();
        List<OpenLoad.Result> obs = new ArrayList<>();
        List<Double> ratio = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            bb.add(openLoad(bbPort, query, rate, connections, seconds));
            obs.add(openLoad(obsPort, query, rate, connections, seconds));
            ratio.add(obs.getLast().p99() / bb.getLast().p99());
        }
        return String.format(Locale.ROOT, "%-6s %9.0f %13s %14s %14s %14s %14s %14s %14s", module, rate,
                range(bb, OpenLoad.Result::achieved, "%.0f"), range(bb, OpenLoad.Result::p50, "%.1f"), range(bb, OpenLoad.Result::p99, "%.1f"),
                range(obs, OpenLoad.Result::achieved, "%.0f"), range(obs, OpenLoad.Result::p50, "%.1f"), range(obs, OpenLoad.Result::p99, "%.1f"),
                range(ratio, Double::doubleValue, "%.2f"));
    }

    /** One open-loop run; aborts like {@link #wrk} when more than 1 % of probes fail or the rate was not reached. */
    private static OpenLoad.Result openLoad(int port, String query, double rate, int connections, int seconds) throws Exception {
        System.gc(); // this JVM holds the targets and the load generator: its pause should not land in one exporter's round
        long syn = synRetransmits();
        OpenLoad.Result r = new OpenLoad(port, query).run(rate, connections, Duration.ofSeconds(seconds));
        SYN_RETRANSMITS.merge(port, synRetransmits() - syn, Long::sum);
        if (r.failures() > rate * seconds * 0.01) {
            throw new IllegalStateException("port " + port + query + ": " + r.failures() + " probes failed at " + Math.round(rate) + "/s");
        }
        return r;
    }

    /** The kernel's count of SYN retransmissions (TcpExt TCPSynRetrans in /proc/net/netstat), -1 if unreadable. */
    private static long synRetransmits() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"));
        for (int i = 0; i + 1 < lines.size(); i += 2) {
            List<String> names = List.of(lines.get(i).split(" "));
            int at = names.indexOf("TCPSynRetrans");
            if (names.getFirst().equals("TcpExt:") && at > 0) {
                return Long.parseLong(lines.get(i + 1).split(" ")[at]);
            }
        }
        return -1;
    }

    /** Runs wrk against {@code url}; the rate counts only responses with probe_success 1. */
    private static Rate wrk(Path script, String url, int seconds, int connections, Daemon exporter) throws Exception {
        System.gc(); // as in openLoad: the targets live in this JVM
        Duration cpuBefore = exporter == null ? Duration.ZERO : exporter.cpu();
        long syn = synRetransmits();
        Process p = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "-s", script.toString(), url)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("wrk failed (Debian package wrk): " + out);
        }
        if (exporter != null) {
            SYN_RETRANSMITS.merge(URI.create(url).getPort(), synRetransmits() - syn, Long::sum);
        }
        Matcher m = WRK_RESULT.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no result from wrk: " + out);
        }
        long requests = Long.parseLong(m.group(1));
        long ok = requests - Long.parseLong(m.group(2));
        if (ok < requests * 0.99) {
            throw new IllegalStateException(url + ": " + (requests - ok) + " of " + requests + " probes failed");
        }
        double cpuMs = exporter == null ? 0 : (exporter.cpu().minus(cpuBefore).toNanos() / 1e6) / requests;
        return new Rate(ok / (Long.parseLong(m.group(3)) / 1e6), cpuMs, Long.parseLong(m.group(4)) / 1e3, Long.parseLong(m.group(5)) / 1e3);
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

    /** Successful probes per second with {@code concurrency} callers for {@code seconds}. */
    private static double rate(int seconds, int concurrency, BooleanSupplier probe) throws InterruptedException {
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

    /**
     * Accepts and closes: the least work a loopback tcp target can do. It closes with a FIN, not a reset: Go reads
     * the socket error after connect, and a reset that arrives first fails blackbox's probe.
     * A full accept queue makes the kernel drop SYNs, and each such probe waits out TCP's 1 s SYN retransmission,
     * which makes the prober look slow: with one accepting thread and a backlog of 1024 that happened at obs's 10k
     * probes/s whenever the thread got too little of a loaded core (TcpExtListenOverflows and TcpExtTCPSynRetrans in
     * nstat rose in exactly the rounds with a 1 s p99). Hence the kernel's largest backlog (net.core.somaxconn, 4096
     * on Debian) and {@link #ACCEPTORS} threads, so the target's share of the cores is not one thread's.
     */
    private static ServerSocket tcpTarget() throws IOException {
        ServerSocket server = new ServerSocket(0, 4096, InetAddress.getByName("127.0.0.1"));
        for (int i = 0; i < ACCEPTORS; i++) {
            Thread.ofPlatform().daemon().start(() -> {
                while (!server.isClosed()) {
                    try {
                        server.accept().close();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }
        return server;
    }

    /** Answers every request with a fixed 200 and closes: the least work an HTTP target can do. */
    private static ServerSocket httpTarget() throws IOException {
        ServerSocket server = new ServerSocket(0, 4096, InetAddress.getByName("127.0.0.1"));
        byte[] reply = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < ACCEPTORS; i++) { // as for the tcp target
            Thread.ofPlatform().daemon().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread.ofVirtual().start(() -> answer(s, reply));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }
        return server;
    }

    private static void answer(Socket s, byte[] reply) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            byte[] buf = new byte[4096];
            int seen = 0;
            for (int n; seen < 4 && (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n && seen < 4; i++) {
                    seen = (buf[i] == '\r' || buf[i] == '\n') ? seen + 1 : 0;
                }
            }
            out.write(reply);
        } catch (IOException ignored) {
            // The prober gave up on this connection; the next one is what counts.
        }
    }
}
