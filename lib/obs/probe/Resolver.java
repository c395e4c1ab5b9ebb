package obs.probe;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import obs.http.Deadline;
import obs.probe.config.IpProtocol;

/**
 * Resolves a target host the way blackbox does: the preferred family first, the other only with fallback.
 * It uses the system resolver on purpose (so /etc/hosts and the cluster's search domains apply, as they
 * would for the service being probed); the dns prober is the one that talks DNS itself.
 */
final class Resolver {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** An address and how long finding it took. */
    record Resolved(InetAddress address, Duration took) {
        int family() {
            return address instanceof Inet6Address ? 6 : 4;
        }

        /** 32-bit FNV-1a of the address bytes, blackbox's probe_ip_addr_hash: equal values mean the same address. */
        double hash() {
            int h = 0x811c9dc5;
            for (byte b : address.getAddress()) {
                h ^= b & 0xff;
                h *= 0x01000193;
            }
            return Integer.toUnsignedLong(h);
        }

        /** The samples every blackbox prober reports about resolution. */
        void report(ResultBuilder r) {
            r.gauge("probe_dns_lookup_time_seconds", took.toNanos() / 1e9)
                    .gauge("probe_ip_protocol", family())
                    .gauge("probe_ip_addr_hash", hash());
        }
    }

    private Resolver() {
    }

    /**
     * The system resolver ignores interrupts and has its own retries (resolv.conf's timeout times attempts), so the
     * lookup runs on a thread of its own and the probe stops waiting for it at the deadline.
     */
    private static InetAddress[] lookup(String host, Deadline deadline) throws IOException {
        FutureTask<InetAddress[]> lookup = new FutureTask<>(() -> InetAddress.getAllByName(host));
        Thread.ofVirtual().name("obs-resolve").start(lookup);
        try {
            return lookup.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new UnknownHostException(host + ": the system resolver did not answer within the probe's timeout");
        } catch (InterruptedException e) {
            lookup.cancel(true);
            Thread.currentThread().interrupt(); // the caller's watchdog (or shutdown) must still see it
            throw new InterruptedIOException("interrupted while resolving '" + host + "'");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("resolving '" + host + "' failed: " + e.getCause(), e.getCause());
        }
    }

    static Resolved resolve(String host, IpProtocol ip, Deadline deadline) throws IOException {
        long start = System.nanoTime();
        if (IPV4.matcher(host).matches() || host.contains(":")) {
            return new Resolved(InetAddress.getByName(host), Duration.ZERO);
        }
        InetAddress[] all = lookup(host, deadline);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        for (InetAddress a : all) {
            if ((a instanceof Inet6Address) == ip.preferIpv6()) {
                return new Resolved(a, took);
            }
        }
        if (ip.fallback() && all.length > 0) {
            return new Resolved(all[0], took);
        }
        throw new UnknownHostException(host + " has no " + (ip.preferIpv6() ? "IPv6" : "IPv4")
                + " address (and ip_protocol_fallback is off)");
    }
}
