package obs.probe;

import static obs.probe.Samples.probe;
import static obs.probe.Samples.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpProberTest {
    @TempDir
    static Path dir;
    static HttpServer http;
    static HttpsServer https;
    static HttpsServer expired;
    static Certificates.Cert cert;

    @BeforeAll
    static void start() throws Exception {
        http = LocalServers.http();
        cert = Certificates.valid(dir);
        https = LocalServers.https(cert.serverContext());
        expired = LocalServers.https(Certificates.expired(dir).serverContext());
    }

    @AfterAll
    static void stop() {
        http.stop(0);
        https.stop(0);
        expired.stop(0);
    }

    @Test
    void aHealthyPageSucceedsWithStatusAndPhases() {
        ProbeResult r = probe(LocalServers.url(http, "/ok"), "http_body");
        assertTrue(r.success(), r.error());
        assertEquals(200, value(r, "probe_http_status_code"));
        assertEquals(1.1, value(r, "probe_http_version"));
        assertEquals(0, value(r, "probe_http_ssl"));
        assertEquals(18, value(r, "probe_http_content_length"));
        assertEquals(4, value(r, "probe_ip_protocol"));
        for (String phase : List.of("resolve", "connect", "tls", "processing", "transfer")) {
            assertTrue(value(r, "probe_http_duration_seconds", "phase", phase) >= 0, phase);
        }
        assertTrue(value(r, "probe_http_duration_seconds", "phase", "connect") > 0);
        assertEquals(1, value(r, "probe_success"));
    }

    @Test
    void statusBodyAndHeaderChecksFailWithTheReason() {
        ProbeResult down = probe(LocalServers.url(http, "/status/503"), "http_2xx");
        assertFalse(down.success());
        assertEquals("status 503 is not 2xx", down.error());
        assertEquals(0, value(down, "probe_success"));
        ProbeResult body = probe(LocalServers.url(http, "/big"), "http_body");
        assertEquals("body does not match /healthy/", body.error());
        assertEquals(1, value(body, "probe_failed_due_to_regex"));
        assertTrue(probe(LocalServers.url(http, "/headers"), "http_header").success());
        assertEquals("header X-Obs is missing", probe(LocalServers.url(http, "/ok"), "http_header").error());
    }

    @Test
    void redirectsAreFollowedAndCountedUnlessTheModuleSaysNo() {
        ProbeResult followed = probe(LocalServers.url(http, "/redirect"), "http_body");
        assertTrue(followed.success(), followed.error());
        assertEquals(1, value(followed, "probe_http_redirects"));
        ProbeResult kept = probe(LocalServers.url(http, "/redirect"), "http_no_redirect");
        assertTrue(kept.success(), kept.error());
        assertEquals(302, value(kept, "probe_http_status_code"));
        ProbeResult loop = probe(LocalServers.url(http, "/loop"), "http_2xx");
        assertEquals("stopped after 10 redirects", loop.error());
    }

    @Test
    void bodiesAuthAndLimitsWork() {
        assertTrue(probe(LocalServers.url(http, "/post"), "http_post").success());
        assertTrue(probe(LocalServers.url(http, "/auth"), "http_auth").success());
        assertEquals("status 401 is not 2xx", probe(LocalServers.url(http, "/auth"), "http_2xx").error());
        ProbeResult chunked = probe(LocalServers.url(http, "/chunked"), "http_2xx");
        assertTrue(chunked.success(), chunked.error());
        assertEquals(40, value(chunked, "probe_http_uncompressed_body_length"));
        assertEquals(-1, value(chunked, "probe_http_content_length"));
        assertTrue(probe(LocalServers.url(http, "/big"), "http_small").error().contains("body_size_limit (1024 bytes)"));
    }

    @Test
    void httpsReportsTlsAndTheCertificate() {
        ProbeResult r = probe(LocalServers.url(https, "/ok"), "https_insecure");
        assertTrue(r.success(), r.error());
        assertEquals(1, value(r, "probe_http_ssl"));
        assertEquals(1, r.samples().stream().filter(s -> s.name().equals("probe_tls_version_info")).count());
        double expiry = value(r, "probe_ssl_earliest_cert_expiry");
        assertTrue(expiry > Instant.now().plusSeconds(3000L * 86400).getEpochSecond(), "expiry " + expiry);
        assertEquals(List.of("localhost"), r.facts().get("cert_sans"));
        assertEquals("CN=localhost", r.facts().get("cert_subject"));
        assertTrue(value(r, "probe_http_duration_seconds", "phase", "tls") > 0);
    }

    @Test
    void aSelfSignedCertificateFailsVerificationUnlessItsCaIsGiven() {
        ProbeResult r = probe(LocalServers.url(https, "/ok"), "https_verify");
        assertFalse(r.success());
        assertTrue(r.error().startsWith("TLS: certificate not trusted"), r.error());
        obs.probe.config.Modules withCa = obs.probe.config.Modules.of("ca.yml", "modules:\n  ca:\n    prober: http\n"
                + "    http:\n      tls_config:\n        ca_file: " + cert.pem() + "\n");
        Target t = new TargetParser(withCa).parse(LocalServers.url(https, "/ok"), "ca", java.util.Map.of());
        ProbeResult trusted = ProbeEngine.system(PathHistory.inMemory()).probe(t, null);
        assertTrue(trusted.success(), trusted.error());
        assertEquals(true, trusted.facts().get("cert_verified"));
    }

    @Test
    void anExpiredCertificateFailsAndShowsItsExpiryWhenNotVerified() {
        ProbeResult verified = probe(LocalServers.url(expired, "/ok"), "https_verify");
        assertFalse(verified.success());
        assertTrue(verified.error().startsWith("TLS: certificate"), verified.error());
        ProbeResult insecure = probe(LocalServers.url(expired, "/ok"), "https_insecure");
        assertTrue(insecure.success(), insecure.error());
        assertEquals(Instant.parse("2020-01-31T00:00:00Z").getEpochSecond(), value(insecure, "probe_ssl_earliest_cert_expiry"), 86400);
        assertTrue((Long) insecure.facts().get("cert_days_left") < 0);
    }

    @Test
    void failIfNotSslRejectsPlainHttp() {
        assertEquals("the response did not come over TLS (fail_if_not_ssl)",
                probe(LocalServers.url(http, "/ok"), "https_insecure").error());
    }

    @Test
    void unreachableTargetsSayWhy() {
        assertEquals("connection refused by 127.0.0.1:1", probe("http://127.0.0.1:1/", "http_2xx").error());
        assertEquals("cannot resolve host 'nosuch.invalid'", probe("http://nosuch.invalid/", "http_2xx").error());
    }
}
