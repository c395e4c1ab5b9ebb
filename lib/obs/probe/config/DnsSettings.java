package obs.probe.config;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Blackbox's {@code dns} prober options: one query to the target server and checks on the answer.
 *
 * @param ip                address family used to reach the server
 * @param sourceAddress     local address, or null
 * @param tcp               query over TCP instead of UDP
 * @param queryName         name to ask for; null when the target URL supplies it (obs's dns:// targets)
 * @param queryType         dnsjava type code (Type.A ...)
 * @param queryClass        dnsjava class code
 * @param recursionDesired  set the RD flag
 * @param validRcodes       rcode names that count as success
 * @param answer            checks on the answer section
 * @param authority         checks on the authority section
 * @param additional        checks on the additional section
 */
public record DnsSettings(IpProtocol ip, String sourceAddress, boolean tcp, String queryName, int queryType,
                          int queryClass, boolean recursionDesired, List<String> validRcodes, RrChecks answer,
                          RrChecks authority, RrChecks additional) {

    /** The four regexp lists blackbox applies to one section, each record rendered as zone-file text. */
    public record RrChecks(List<Pattern> failIfMatches, List<Pattern> failIfAllMatch, List<Pattern> failIfNotMatches,
                           List<Pattern> failIfNoneMatches) {
        public static final RrChecks NONE = new RrChecks(List.of(), List.of(), List.of(), List.of());

        static RrChecks from(ConfigNode n, List<Unsupported> unsupported) {
            RrChecks c = new RrChecks(n.regexes("fail_if_matches_regexp"), n.regexes("fail_if_all_match_regexp"),
                    n.regexes("fail_if_not_matches_regexp"), n.regexes("fail_if_none_matches_regexp"));
            unsupported.addAll(n.leftovers(Set.of()));
            return c;
        }
    }

    static DnsSettings from(ConfigNode n, List<Unsupported> unsupported) {
        String transport = n.string("transport_protocol", "udp");
        if (!transport.equals("udp") && !transport.equals("tcp")) {
            throw n.errorAt("transport_protocol", n.qualified("transport_protocol") + ": expected udp or tcp, found '"
                    + transport + "'");
        }
        if (n.bool("dns_over_tls", false)) {
            unsupported.add(n.unsupported("dns_over_tls"));
        }
        String typeName = n.string("query_type", "ANY");
        int type = Type.value(typeName);
        if (type < 0) {
            throw n.errorAt("query_type", n.qualified("query_type") + ": unknown DNS type '" + typeName + "'");
        }
        String className = n.string("query_class", "IN");
        int dclass = DClass.value(className);
        if (dclass < 0) {
            throw n.errorAt("query_class", n.qualified("query_class") + ": unknown DNS class '" + className + "'");
        }
        List<String> rcodes = n.strings("valid_rcodes");
        for (String rcode : rcodes) {
            if (Rcode.value(rcode) < 0) {
                throw n.errorAt("valid_rcodes", n.qualified("valid_rcodes") + ": unknown rcode '" + rcode + "'");
            }
        }
        DnsSettings s = new DnsSettings(IpProtocol.from(n), n.string("source_ip_address", null), transport.equals("tcp"),
                n.string("query_name", null), type, dclass, n.bool("recursion_desired", true),
                rcodes.isEmpty() ? List.of("NOERROR") : rcodes, RrChecks.from(n.child("validate_answer_rrs"), unsupported),
                RrChecks.from(n.child("validate_authority_rrs"), unsupported),
                RrChecks.from(n.child("validate_additional_rrs"), unsupported));
        unsupported.addAll(n.leftovers(Set.of("tls_config")));
        return s;
    }

    /** The same settings asking another question (a dns:// target's name and type). */
    public DnsSettings asking(String name, Integer type, Boolean overTcp) {
        return new DnsSettings(ip, sourceAddress, overTcp != null ? overTcp : tcp, name, type != null ? type : queryType,
                queryClass, recursionDesired, validRcodes, answer, authority, additional);
    }
}
