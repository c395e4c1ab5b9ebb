package obs.probe.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Blackbox's {@code tls_config}: certificate verification and the TLS versions a probe accepts.
 *
 * @param insecureSkipVerify accept any certificate (the chain is still reported)
 * @param caFile             PEM file of CA certificates to trust instead of the JDK's, or null
 * @param serverName         name to send as SNI and to verify, or null for the target host
 * @param minVersion         lowest protocol accepted, as a JDK name (TLSv1.2), or null for the JDK default
 * @param maxVersion         highest protocol accepted, or null
 */
public record TlsSettings(boolean insecureSkipVerify, Path caFile, String serverName, String minVersion,
                          String maxVersion) {
    public static final TlsSettings DEFAULT = new TlsSettings(false, null, null, null, null);

    /** Client certificates and inline PEM need key parsing the JDK does not offer for every key format. */
    private static final Set<String> UNSUPPORTED = Set.of("ca", "cert", "cert_file", "key", "key_file", "ca_ref",
            "cert_ref", "key_ref");
    private static final Map<String, String> VERSIONS = Map.of("TLS10", "TLSv1", "TLS11", "TLSv1.1", "TLS12", "TLSv1.2",
            "TLS13", "TLSv1.3");

    static TlsSettings from(ConfigNode n, List<Unsupported> unsupported) {
        String ca = n.string("ca_file", null);
        TlsSettings s = new TlsSettings(n.bool("insecure_skip_verify", false), ca == null ? null : Path.of(ca),
                n.string("server_name", null), version(n, "min_version"), version(n, "max_version"));
        unsupported.addAll(n.leftovers(UNSUPPORTED));
        return s;
    }

    private static String version(ConfigNode n, String key) {
        String v = n.string(key, null);
        if (v == null) {
            return null;
        }
        String jdk = VERSIONS.get(v);
        if (jdk == null) {
            throw n.errorAt(key, n.qualified(key) + ": expected TLS10, TLS11, TLS12 or TLS13, found '" + v + "'");
        }
        return jdk;
    }
}
