package obs.probe.config;

/**
 * Which IP family a probe uses: blackbox's {@code preferred_ip_protocol} and {@code ip_protocol_fallback}.
 *
 * @param preferIpv6 true for ip6 (blackbox's default), false for ip4
 * @param fallback   whether the other family may be used when the preferred one has no address
 */
public record IpProtocol(boolean preferIpv6, boolean fallback) {
    /** Blackbox's default: ip6 first, falling back to ip4. */
    public static final IpProtocol DEFAULT = new IpProtocol(true, true);

    static IpProtocol from(ConfigNode n) {
        String preferred = n.string("preferred_ip_protocol", "ip6");
        boolean v6 = switch (preferred) {
            case "ip6", "ipv6" -> true;
            case "ip4", "ipv4" -> false;
            default -> throw n.errorAt("preferred_ip_protocol", n.qualified("preferred_ip_protocol")
                    + ": expected ip4 or ip6, found '" + preferred + "'");
        };
        return new IpProtocol(v6, n.bool("ip_protocol_fallback", true));
    }
}
