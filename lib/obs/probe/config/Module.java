package obs.probe.config;

import java.time.Duration;
import java.util.List;

/**
 * One probe module in the blackbox exporter's format. All prober sections are parsed (so typos anywhere are
 * caught); the prober decides which one is used.
 *
 * @param name        module name
 * @param prober      the prober, or null when the file names one obs does not implement (see unsupported)
 * @param timeout     the module's timeout, or null when it relies on the caller's
 * @param http        http options
 * @param tcp         tcp options
 * @param dns         dns options
 * @param icmp        icmp options (also used by path modules)
 * @param unsupported blackbox options present here that obs does not implement
 * @param location    file:line:col of the module
 */
public record Module(String name, Prober prober, Duration timeout, HttpSettings http, TcpSettings tcp, DnsSettings dns,
                     IcmpSettings icmp, List<Unsupported> unsupported, String location) {

    /** The probers obs implements: blackbox's four plus {@code path}, the hop-by-hop mtr analysis. */
    public enum Prober { http, tcp, dns, icmp, path }

    /** The same module with the dns question replaced. */
    public Module withDns(DnsSettings question) {
        return new Module(name, prober, timeout, http, tcp, question, icmp, unsupported, location);
    }
}
