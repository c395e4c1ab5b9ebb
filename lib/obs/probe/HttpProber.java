package obs.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import obs.core.InputFile;
import obs.http.Deadline;
import obs.http.HttpWire;
import obs.http.LineReader;
import obs.probe.config.HttpSettings;
import obs.probe.config.HttpSettings.Credentials;
import obs.probe.config.HttpSettings.HeaderMatch;

/** The http prober: blackbox's checks and metrics, with the time of each phase summed over redirects. */
final class HttpProber implements TargetProber {
    private static final int MAX_REDIRECTS = 10;
    private static final String[] PHASES = {"resolve", "connect", "tls", "processing", "transfer"};

    @Override
    public ProbeResult probe(Target target, Deadline deadline) {
        ResultBuilder r = new ResultBuilder();
        HttpSettings s = target.module().http();
        Map<String, Long> phases = new LinkedHashMap<>();
        for (String p : PHASES) {
            phases.put(p, 0L);
        }
        URI url = target.url();
        String method = s.method();
        String body = s.body();
        int redirects = 0;
        try {
            while (true) {
                Exchange ex = exchange(url, method, body, s, deadline, phases, r, redirects == 0);
                String location = ex.response.header("Location");
                if (isRedirect(ex.response.status()) && location != null && !s.followRedirects()) {
                    // Blackbox counts a redirect it was told not to follow, so the metric means the same here.
                    return finish(r, phases, ex, redirects + 1, check(s, ex));
                }
                if (isRedirect(ex.response.status()) && location != null) {
                    if (++redirects > MAX_REDIRECTS) {
                        return finish(r, phases, ex, redirects - 1, "stopped after " + MAX_REDIRECTS + " redirects");
                    }
                    url = url.resolve(location.trim());
                    if (ex.response.status() == 303 || (ex.response.status() <= 302 && method.equals("POST"))) {
                        method = "GET";
                        body = null;
                    }
                    continue;
                }
                return finish(r, phases, ex, redirects, check(s, ex));
            }
        } catch (IOException | IllegalArgumentException e) {
            phasesTo(r, phases);
            // Blackbox reports zeros for a response it never got; dashboards rely on the series existing.
            r.gauge("probe_http_status_code", 0).gauge("probe_http_content_length", 0)
                    .gauge("probe_http_uncompressed_body_length", 0).gauge("probe_http_version", 0)
                    .gauge("probe_http_redirects", redirects).gauge("probe_http_ssl", 0).gauge("probe_failed_due_to_regex", 0);
            String failure = e instanceof IOException io ? Failures.describe(io, url.getHost(), port(url))
                    : "bad redirect: " + e.getMessage();
            return r.failure(failure);
        }
    }

    /** One request and its response over a new connection. */
    private record Exchange(HttpWire.Response response, boolean ssl) {
    }

    private Exchange exchange(URI url, String method, String body, HttpSettings s, Deadline deadline,
                              Map<String, Long> phases, ResultBuilder r, boolean first) throws IOException {
        Resolver.Resolved addr = Resolver.resolve(url.getHost().replaceAll("^\\[|\\]$", ""), s.ip(), deadline);
        if (first) {
            addr.report(r);
        }
        add(phases, "resolve", addr.took().toNanos());
        boolean https = url.getScheme().equals("https");
        try (Socket socket = new Socket()) {
            long t1 = System.nanoTime();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(addr.address(), port(url)), deadline.millis());
            socket.setSoTimeout(deadline.millis());
            long t2 = System.nanoTime();
            add(phases, "connect", t2 - t1);
            Socket channel = socket;
            if (https) {
                SSLSocket ssl = TlsClient.handshake(socket, url.getHost(), port(url), s.tls(), deadline.millis());
                add(phases, "tls", System.nanoTime() - t2);
                TlsFacts.report(r, ssl.getSession(), !s.tls().insecureSkipVerify());
                channel = ssl;
            }
            OutputStream out = channel.getOutputStream();
            InputStream in = channel.getInputStream();
            HttpWire.write(out, method, url, s.headers(), body, authorization(s.auth(), url));
            long sent = System.nanoTime();
            LineReader reader = new LineReader(in);
            boolean keepBody = !s.failIfBodyMatches().isEmpty() || !s.failIfBodyNotMatches().isEmpty();
            HttpWire.Response response = HttpWire.read(reader, method, keepBody, s.bodySizeLimit(), deadline);
            long end = System.nanoTime();
            long firstByte = reader.firstByteNanos() == 0 ? end : reader.firstByteNanos();
            add(phases, "processing", firstByte - sent);
            add(phases, "transfer", end - firstByte);
            return new Exchange(response, https);
        }
    }

    private static ProbeResult finish(ResultBuilder r, Map<String, Long> phases, Exchange ex, int redirects, String failure) {
        HttpWire.Response resp = ex.response;
        phasesTo(r, phases);
        double version = versionNumber(resp.version());
        r.gauge("probe_http_status_code", resp.status())
                .gauge("probe_http_content_length", resp.contentLength())
                .gauge("probe_http_uncompressed_body_length", resp.bodyLength())
                .gauge("probe_http_version", version)
                .gauge("probe_http_redirects", redirects)
                .gauge("probe_http_ssl", ex.ssl ? 1 : 0)
                .gauge("probe_failed_due_to_regex", failure != null && (failure.startsWith("body") || failure.startsWith("header")) ? 1 : 0);
        String lastModified = resp.header("Last-Modified");
        if (lastModified != null) {
            try {
                r.gauge("probe_http_last_modified_timestamp_seconds",
                        ZonedDateTime.parse(lastModified, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond());
            } catch (DateTimeParseException e) {
                r.fact("last_modified_unparsed", lastModified);
            }
        }
        r.fact("status", resp.status()).fact("http_version", resp.version()).fact("redirects", redirects)
                .fact("body_bytes", resp.bodyLength());
        for (Map.Entry<String, Long> p : phases.entrySet()) {
            r.fact(p.getKey() + "_ms", p.getValue() / 1e6);
        }
        return failure == null ? r.success() : r.failure(failure);
    }

    /** The first failed check, in words, or null when all pass. */
    private static String check(HttpSettings s, Exchange ex) {
        HttpWire.Response resp = ex.response;
        int status = resp.status();
        boolean statusOk = s.validStatusCodes().isEmpty() ? status / 100 == 2 : s.validStatusCodes().contains(status);
        if (!statusOk) {
            return "status " + status + " is not " + (s.validStatusCodes().isEmpty() ? "2xx" : "one of " + s.validStatusCodes());
        }
        if (!s.validHttpVersions().isEmpty() && !s.validHttpVersions().contains(resp.version())) {
            return resp.version() + " is not one of " + s.validHttpVersions();
        }
        if (s.failIfSsl() && ex.ssl) {
            return "the response came over TLS (fail_if_ssl)";
        }
        if (s.failIfNotSsl() && !ex.ssl) {
            return "the response did not come over TLS (fail_if_not_ssl)";
        }
        String text = resp.body() == null ? "" : new String(resp.body(), StandardCharsets.UTF_8);
        for (Pattern p : s.failIfBodyMatches()) {
            if (p.matcher(text).find()) {
                return "body matches /" + p.pattern() + "/";
            }
        }
        for (Pattern p : s.failIfBodyNotMatches()) {
            if (!p.matcher(text).find()) {
                return "body does not match /" + p.pattern() + "/";
            }
        }
        for (HeaderMatch m : s.failIfHeaderMatches()) {
            List<String> values = resp.headers().getOrDefault(m.header(), List.of());
            if (values.stream().anyMatch(v -> m.regexp().matcher(v).find())) {
                return "header " + m.header() + " matches /" + m.regexp().pattern() + "/";
            }
        }
        for (HeaderMatch m : s.failIfHeaderNotMatches()) {
            List<String> values = resp.headers().getOrDefault(m.header(), List.of());
            if (values.isEmpty() && !m.allowMissing()) {
                return "header " + m.header() + " is missing";
            }
            if (!values.isEmpty() && values.stream().noneMatch(v -> m.regexp().matcher(v).find())) {
                return "header " + m.header() + " does not match /" + m.regexp().pattern() + "/";
            }
        }
        return null;
    }

    /** The module's credentials, else (as Go's HTTP client does for blackbox) the URL's user info as Basic. */
    private static String authorization(Credentials c, URI url) throws IOException {
        if (c == null && url.getUserInfo() != null) {
            return "Basic " + Base64.getEncoder().encodeToString(url.getUserInfo().getBytes(StandardCharsets.UTF_8));
        }
        if (c == null) {
            return null;
        }
        String secret = c.secretFile() != null ? InputFile.readString(c.secretFile()).trim() : c.secret();
        if (c.type().equals("Basic") && c.username() != null) {
            return "Basic " + Base64.getEncoder().encodeToString((c.username() + ":" + secret).getBytes(StandardCharsets.UTF_8));
        }
        return c.type() + " " + secret;
    }

    private static void phasesTo(ResultBuilder r, Map<String, Long> phases) {
        phases.forEach((phase, nanos) -> r.gauge("probe_http_duration_seconds", nanos / 1e9, "phase", phase));
    }

    private static void add(Map<String, Long> phases, String phase, long nanos) {
        phases.merge(phase, nanos, Long::sum);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static int port(URI url) {
        return url.getPort() > 0 ? url.getPort() : url.getScheme().equals("https") ? 443 : 80;
    }

    private static double versionNumber(String version) {
        try {
            return Double.parseDouble(version.substring("HTTP/".length()));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return 0;
        }
    }
}
