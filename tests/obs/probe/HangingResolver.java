package obs.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A fake system resolver for the test JVM (installed through META-INF/services): names under {@code .hang.test}
 * stay unanswered for 20 s and ignore interrupts, as glibc's resolver does with a dead name server; every other
 * name goes to the JDK's own resolver unchanged.
 */
public final class HangingResolver extends InetAddressResolverProvider {
    static final String SUFFIX = ".hang.test";

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                if (host.endsWith(SUFFIX)) {
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (System.nanoTime() < until) {
                        try {
                            TimeUnit.NANOSECONDS.sleep(until - System.nanoTime());
                        } catch (InterruptedException ignored) {
                            // A real resolver call cannot be interrupted either.
                        }
                    }
                    throw new UnknownHostException(host);
                }
                return builtin.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                return builtin.lookupByAddress(address);
            }
        };
    }

    @Override
    public String name() {
        return "obs-test-hanging-resolver";
    }
}
