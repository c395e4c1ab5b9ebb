package obs.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.regex.Pattern;
import obs.http.Deadline;
import obs.probe.config.DnsSettings;
import obs.probe.config.DnsSettings.RrChecks;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** The dns prober: one query to the target server with dnsjava, then blackbox's rcode and record checks. */
final class DnsProber implements TargetProber {
    @Override
    public ProbeResult probe(Target target, Deadline deadline) {
        ResultBuilder r = new ResultBuilder();
        DnsSettings s = target.module().dns();
        r.fact("question", s.queryName() + " " + Type.string(s.queryType()) + " via " + (s.tcp() ? "tcp" : "udp"));
        try {
            Resolver.Resolved addr = Resolver.resolve(target.host(), s.ip(), deadline);
            addr.report(r);
            r.gauge("probe_dns_duration_seconds", addr.took().toNanos() / 1e9, "phase", "resolve");
            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(addr.address(), target.port()));
            resolver.setTCP(s.tcp());
            // Ask as blackbox does: its query carries no OPT record, so an EDNS server's reply carries none either
            // and the additional section (count and validate_additional_rrs) holds the same records. dnsjava would
            // add one by default. Nor does blackbox retry a truncated UDP answer over TCP.
            resolver.setEDNS(-1);
            resolver.setIgnoreTruncation(true);
            resolver.setTimeout(deadline.remaining());
            if (s.sourceAddress() != null) {
                resolver.setLocalAddress(new InetSocketAddress(s.sourceAddress(), 0));
            }
            Message query = Message.newQuery(Record.newRecord(Name.fromString(s.queryName(), Name.root), s.queryType(),
                    s.queryClass()));
            if (!s.recursionDesired()) {
                query.getHeader().unsetFlag(Flags.RD);
            }
            long t = System.nanoTime();
            Message response = resolver.send(query);
            r.gauge("probe_dns_duration_seconds", (System.nanoTime() - t) / 1e9, "phase", "request")
                    .gauge("probe_dns_query_succeeded", 1);
            return evaluate(r, s, response);
        } catch (TextParseException e) {
            r.gauge("probe_dns_query_succeeded", 0);
            return r.failure("bad query name '" + s.queryName() + "': " + e.getMessage());
        } catch (IOException e) {
            r.gauge("probe_dns_query_succeeded", 0);
            return r.failure(Failures.describe(e, target.host(), target.port()));
        }
    }

    private static ProbeResult evaluate(ResultBuilder r, DnsSettings s, Message response) {
        List<Record> answer = response.getSection(Section.ANSWER);
        List<Record> authority = response.getSection(Section.AUTHORITY);
        List<Record> additional = response.getSection(Section.ADDITIONAL);
        String rcode = Rcode.string(response.getRcode());
        r.gauge("probe_dns_answer_rrs", answer.size()).gauge("probe_dns_authority_rrs", authority.size())
                .gauge("probe_dns_additional_rrs", additional.size())
                .fact("rcode", rcode).fact("answers", answer.stream().map(DnsProber::text).toList());
        if (s.queryType() == Type.SOA) {
            // As blackbox: for SOA questions the zone's serial (0 without an SOA answer); a secondary whose serial
            // stops following the primary's has stopped receiving the zone.
            long serial = 0;
            for (Record rec : answer) {
                if (rec instanceof SOARecord soa) {
                    serial = soa.getSerial();
                }
            }
            r.gauge("probe_dns_serial", serial).fact("serial", serial);
        }
        if (!s.validRcodes().contains(rcode)) {
            return r.failure("rcode " + rcode + " is not one of " + s.validRcodes());
        }
        String failure = check("answer", answer, s.answer());
        if (failure == null) {
            failure = check("authority", authority, s.authority());
        }
        if (failure == null) {
            failure = check("additional", additional, s.additional());
        }
        return failure == null ? r.success() : r.failure(failure);
    }

    /** Blackbox's four record checks on one section; returns the failure in words or null. */
    static String check(String section, List<Record> records, RrChecks c) {
        List<String> rrs = records.stream().map(DnsProber::text).toList();
        if (rrs.isEmpty() && (!c.failIfNotMatches().isEmpty() || !c.failIfNoneMatches().isEmpty())) {
            return "no " + section + " records to match";
        }
        for (Pattern p : c.failIfMatches()) {
            for (String rr : rrs) {
                if (p.matcher(rr).find()) {
                    return section + " record '" + rr + "' matches /" + p.pattern() + "/";
                }
            }
        }
        for (Pattern p : c.failIfAllMatch()) {
            if (!rrs.isEmpty() && rrs.stream().allMatch(rr -> p.matcher(rr).find())) {
                return "every " + section + " record matches /" + p.pattern() + "/";
            }
        }
        for (Pattern p : c.failIfNotMatches()) {
            for (String rr : rrs) {
                if (!p.matcher(rr).find()) {
                    return section + " record '" + rr + "' does not match /" + p.pattern() + "/";
                }
            }
        }
        for (Pattern p : c.failIfNoneMatches()) {
            if (rrs.stream().noneMatch(rr -> p.matcher(rr).find())) {
                return "no " + section + " record matches /" + p.pattern() + "/";
            }
        }
        return null;
    }

    /** A record as zone-file text with tabs, the form blackbox's regexps are written against. */
    static String text(Record rr) {
        return rr.getName() + "\t" + rr.getTTL() + "\t" + DClass.string(rr.getDClass()) + "\t" + Type.string(rr.getType())
                + "\t" + rr.rdataToString();
    }
}
