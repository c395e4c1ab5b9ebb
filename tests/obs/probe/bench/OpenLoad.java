package obs.probe.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import obs.http.Deadline;
import obs.http.HttpWire;
import obs.http.LineReader;

/**
 * An open-loop load generator: requests are due at a fixed rate whatever the server does, go out over a few
 * keep-alive connections (as Prometheus's scrapes do), and each one's latency counts from when it was due, not
 * from when a connection was free to send it. A closed loop such as wrk sends the next request only after the
 * last answer, so a faster server gets more load and a stalled one less ("coordinated omission"): two exporters
 * are only comparable at the same offered rate. wrk2 does this, but it is not packaged for Debian.
 */
final class OpenLoad {
    /** Rate offered and achieved per second, latency percentiles in milliseconds, and failed probes. */
    record Result(double offered, double achieved, double p50, double p99, long failures) {
    }

    private final String host;
    private final int port;
    private final byte[] request;

    OpenLoad(int port, String pathAndQuery) {
        this.host = "127.0.0.1";
        this.port = port;
        this.request = ("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code OpenLoad PORT PATH?QUERY RATE CONNECTIONS SECONDS}: one run against a loopback port, printed. */
    public static void main(String[] args) throws InterruptedException {
        Result r = new OpenLoad(Integer.parseInt(args[0]), args[1]).run(Double.parseDouble(args[2]), Integer.parseInt(args[3]),
                Duration.ofSeconds(Long.parseLong(args[4])));
        System.out.printf(Locale.ROOT, "rate %.0f/s offered, %.0f/s answered, p50 %.1f ms, p99 %.1f ms, %d failed%n",
                r.offered(), r.achieved(), r.p50(), r.p99(), r.failures());
    }

    /** Offers {@code rate} requests per second for {@code length} over {@code connections} connections. */
    Result run(double rate, int connections, Duration length) throws InterruptedException {
        int total = (int) (rate * length.toNanos() / 1e9);
        long period = (long) (1e9 / rate);
        BlockingQueue<Long> due = new ArrayBlockingQueue<>(total + connections);
        long[] latencies = new long[total];
        AtomicInteger done = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong();
        Thread[] senders = new Thread[connections];
        for (int i = 0; i < connections; i++) {
            senders[i] = Thread.ofPlatform().daemon().name("open-load").start(() -> send(due, latencies, done, failures, lastAnswer));
        }
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        for (int i = 0; i < total; i++) {
            long at = start + i * period;
            for (long wait = at - System.nanoTime(); wait > 0; wait = at - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            due.add(at);
        }
        for (int i = 0; i < connections; i++) {
            due.add(Long.MIN_VALUE);
        }
        for (Thread t : senders) {
            t.join();
        }
        int n = done.get();
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        double seconds = (lastAnswer.get() - start) / 1e9;
        return new Result(rate, n / seconds, percentile(sorted, 0.50), percentile(sorted, 0.99), failures.get() + total - n);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /** One connection: takes the next due request, sends it, reads the answer; reconnects if the server closes. */
    private void send(BlockingQueue<Long> due, long[] latencies, AtomicInteger done, AtomicLong failures, AtomicLong lastAnswer) {
        Socket socket = null;
        LineReader in = null;
        try {
            for (long at = due.take(); at != Long.MIN_VALUE; at = due.take()) {
                try {
                    if (socket == null) {
                        socket = new Socket(InetAddress.getByName(host), port);
                        socket.setTcpNoDelay(true);
                        socket.setSoTimeout(30_000);
                        in = new LineReader(socket.getInputStream());
                    }
                    OutputStream out = socket.getOutputStream();
                    out.write(request);
                    out.flush();
                    if (!answeredSuccess(in)) {
                        failures.incrementAndGet();
                    }
                    long now = System.nanoTime();
                    latencies[done.getAndIncrement()] = now - at;
                    lastAnswer.accumulateAndGet(now, Math::max);
                } catch (IOException e) {
                    failures.incrementAndGet();
                    close(socket);
                    socket = null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close(socket);
        }
    }

    /** Reads one response (blackbox's longer ones come chunked); true when it is a 200 reporting probe_success 1. */
    private static boolean answeredSuccess(LineReader in) throws IOException {
        HttpWire.Response r = HttpWire.read(in, "GET", true, 0, Deadline.in(Duration.ofSeconds(30)));
        return r.status() == 200 && new String(r.body(), StandardCharsets.ISO_8859_1).contains("\nprobe_success 1");
    }

    private static void close(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Already gone.
            }
        }
    }
}
