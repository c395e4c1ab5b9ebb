package obs.probe.config;

import java.util.List;
import java.util.Set;

/**
 * Blackbox's {@code icmp} prober options, passed on to fping (and to mtr for path modules, where {@code ttl}
 * is the highest hop probed).
 *
 * @param ip            address family
 * @param sourceAddress local address, or null
 * @param payloadSize   ICMP payload bytes, or 0 for the tool's default
 * @param dontFragment  set the DF bit
 * @param ttl           IP TTL, or 0 for the default
 */
public record IcmpSettings(IpProtocol ip, String sourceAddress, int payloadSize, boolean dontFragment, int ttl) {
    public static final IcmpSettings DEFAULT = new IcmpSettings(IpProtocol.DEFAULT, null, 0, false, 0);

    static IcmpSettings from(ConfigNode n, List<Unsupported> unsupported) {
        int ttl = n.integer("ttl", 0);
        if (ttl < 0 || ttl > 255) {
            throw n.errorAt("ttl", n.qualified("ttl") + ": must be between 0 and 255, found " + ttl);
        }
        int size = n.integer("payload_size", 0);
        if (size < 0 || size > 65000) {
            throw n.errorAt("payload_size", n.qualified("payload_size") + ": must be between 0 and 65000, found " + size);
        }
        IcmpSettings s = new IcmpSettings(IpProtocol.from(n), n.string("source_ip_address", null), size,
                n.bool("dont_fragment", false), ttl);
        unsupported.addAll(n.leftovers(Set.of()));
        return s;
    }
}
