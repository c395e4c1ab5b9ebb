package obs.probe.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Blackbox's {@code tcp} prober options: connect, optionally TLS, then a send/expect dialogue (banner checks).
 *
 * @param ip            address family
 * @param sourceAddress local address to bind, or null
 * @param dialogue      the {@code query_response} steps, in order
 * @param tls           start TLS right after connecting
 * @param tlsConfig     certificate verification
 */
public record TcpSettings(IpProtocol ip, String sourceAddress, List<Step> dialogue, boolean tls, TlsSettings tlsConfig) {

    /**
     * One {@code query_response} step: wait for a line matching {@code expect}, then read exactly the bytes of
     * {@code expectBytes}, then send {@code send} (where ${1} and ${name} refer to the expect match's groups), then
     * optionally upgrade to TLS. Bytes to read and send are held one char per byte (ISO-8859-1), as the
     * dialogue reads the wire, so a YAML {@code !!binary} value goes out unchanged.
     */
    public record Step(Pattern expect, String expectBytes, String send, boolean startTls) {
    }

    public static final TcpSettings DEFAULT = new TcpSettings(IpProtocol.DEFAULT, null, List.of(), false, TlsSettings.DEFAULT);

    static TcpSettings from(ConfigNode n, List<Unsupported> unsupported) {
        List<Step> steps = new ArrayList<>();
        for (ConfigNode step : n.list("query_response")) {
            String expectBytes = step.bytes("expect_bytes");
            if (expectBytes != null && expectBytes.isEmpty()) {
                expectBytes = null;
            }
            steps.add(new Step(step.regex("expect"), expectBytes, step.bytes("send"), step.bool("starttls", false)));
            unsupported.addAll(step.leftovers(Set.of("labels")));
        }
        TcpSettings s = new TcpSettings(IpProtocol.from(n), n.string("source_ip_address", null), List.copyOf(steps),
                n.bool("tls", false), TlsSettings.from(n.child("tls_config"), unsupported));
        unsupported.addAll(n.leftovers(Set.of()));
        return s;
    }
}
