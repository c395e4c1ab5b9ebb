package obs.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import obs.core.InputFile;
import obs.core.ObsException;
import obs.probe.config.TlsSettings;

/** Opens TLS over a connected socket as blackbox's tls_config asks: verification, CA file, SNI name, versions. */
final class TlsClient {
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");
    private static final List<String> ORDER = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    /** Building an SSLContext costs more than a loopback probe, so one per distinct tls_config is kept. */
    private static final Map<TlsSettings, SSLContext> CONTEXTS = new ConcurrentHashMap<>();

    private TlsClient() {
    }

    /** Wraps {@code socket} and completes the handshake; the caller times it. */
    static SSLSocket handshake(Socket socket, String host, int port, TlsSettings tls, int timeoutMillis) throws IOException {
        String name = tls.serverName() != null ? tls.serverName() : host;
        SSLSocket ssl = (SSLSocket) context(tls).getSocketFactory().createSocket(socket, name, port, true);
        SSLParameters params = ssl.getSSLParameters();
        if (!tls.insecureSkipVerify()) {
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!IP_LITERAL.matcher(name).matches()) {
            params.setServerNames(List.of(new SNIHostName(name)));
        }
        params.setProtocols(protocols(ssl.getSupportedProtocols(), tls));
        ssl.setSSLParameters(params);
        ssl.setSoTimeout(timeoutMillis);
        ssl.startHandshake();
        return ssl;
    }

    private static String[] protocols(String[] supported, TlsSettings tls) {
        int min = tls.minVersion() == null ? ORDER.indexOf("TLSv1.2") : ORDER.indexOf(tls.minVersion());
        int max = tls.maxVersion() == null ? ORDER.size() - 1 : ORDER.indexOf(tls.maxVersion());
        return Arrays.stream(supported).filter(p -> ORDER.indexOf(p) >= min && ORDER.indexOf(p) <= max)
                .toArray(String[]::new);
    }

    private static SSLContext context(TlsSettings tls) {
        return CONTEXTS.computeIfAbsent(tls, TlsClient::create);
    }

    private static SSLContext create(TlsSettings tls) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, trustManagers(tls), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw ObsException.usage("tls_config: cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(TlsSettings tls) throws GeneralSecurityException, IOException {
        if (tls.insecureSkipVerify()) {
            return new TrustManager[] {new TrustAll()};
        }
        if (tls.caFile() == null) {
            return null;
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        List<Certificate> certs = new ArrayList<>();
        try (InputStream in = InputFile.newInputStream(tls.caFile())) {
            certs.addAll(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
        if (certs.isEmpty()) {
            throw new GeneralSecurityException(tls.caFile() + " holds no PEM certificate");
        }
        for (int i = 0; i < certs.size(); i++) {
            store.setCertificateEntry("ca" + i, certs.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf.getTrustManagers();
    }

    /** insecure_skip_verify: accept any chain; the chain is still read and reported. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // obs never asks for client certificates
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // accepting everything is what insecure_skip_verify asks for
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
