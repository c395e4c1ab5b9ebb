package obs.probe;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;

/** What a TLS handshake tells: version, cipher and the certificate chain, as samples and as facts. */
final class TlsFacts {
    private TlsFacts() {
    }

    static void report(ResultBuilder r, SSLSession session, boolean verified) {
        String version = blackboxVersion(session.getProtocol());
        r.gauge("probe_tls_version_info", 1, "version", version)
                .gauge("probe_tls_cipher_info", 1, "cipher", session.getCipherSuite())
                .fact("tls_version", version).fact("tls_cipher", session.getCipherSuite());
        List<X509Certificate> chain = chain(session);
        if (chain.isEmpty()) {
            return;
        }
        Instant earliest = chain.stream().map(c -> c.getNotAfter().toInstant()).min(Instant::compareTo).orElseThrow();
        r.gauge("probe_ssl_earliest_cert_expiry", earliest.getEpochSecond());
        if (verified) {
            r.gauge("probe_ssl_last_chain_expiry_timestamp_seconds", earliest.getEpochSecond());
        }
        X509Certificate leaf = chain.get(0);
        List<String> sans = sans(leaf);
        r.gauge("probe_ssl_last_chain_info", 1, "fingerprint_sha256", fingerprint(leaf), "subject", name(leaf.getSubjectX500Principal()),
                "issuer", name(leaf.getIssuerX500Principal()), "subjectalternative", String.join(",", sans));
        Instant leafExpiry = leaf.getNotAfter().toInstant();
        r.fact("cert_subject", name(leaf.getSubjectX500Principal()))
                .fact("cert_issuer", name(leaf.getIssuerX500Principal()))
                .fact("cert_sans", sans)
                .fact("cert_not_after", leafExpiry.toString())
                .fact("cert_days_left", Duration.between(Instant.now(), earliest).toDays())
                .fact("cert_chain", chain.stream().map(c -> name(c.getSubjectX500Principal())).toList())
                .fact("cert_verified", verified);
    }

    /** Blackbox writes "TLS 1.3" where Java says "TLSv1.3". */
    static String blackboxVersion(String jdk) {
        return switch (jdk) {
            case "TLSv1" -> "TLS 1.0";
            case "TLSv1.1" -> "TLS 1.1";
            case "TLSv1.2" -> "TLS 1.2";
            case "TLSv1.3" -> "TLS 1.3";
            default -> jdk;
        };
    }

    /** A handshake failure in words an on-call engineer can act on. */
    static String describe(SSLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException x) {
                return "TLS: certificate expired (" + x.getMessage() + ")";
            }
            if (t instanceof CertificateNotYetValidException x) {
                return "TLS: certificate not yet valid (" + x.getMessage() + ")";
            }
        }
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        if (msg.contains("unable to find valid certification path")) {
            return "TLS: certificate not trusted (self-signed or unknown CA; set tls_config.ca_file or insecure_skip_verify)";
        }
        if (msg.contains("No subject alternative") || msg.contains("No name matching")) {
            return "TLS: certificate does not match the host (" + msg.replaceAll("^.*?: ", "") + ")";
        }
        return "TLS: " + msg;
    }

    private static List<X509Certificate> chain(SSLSession session) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            for (Certificate c : session.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    out.add(x);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
        return out;
    }

    private static List<String> sans(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> all = cert.getSubjectAlternativeNames();
            if (all != null) {
                for (List<?> san : all) {
                    // 2 is dNSName: blackbox's subjectalternative label lists DNS names only.
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        out.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return out;
    }

    private static String name(X500Principal p) {
        return p.getName(X500Principal.RFC2253);
    }

    private static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
            return "";
        }
    }
}
