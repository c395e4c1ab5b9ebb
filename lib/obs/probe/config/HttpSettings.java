package obs.probe.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blackbox's {@code http} prober options that obs implements. obs speaks HTTP/1.1 on a fresh connection per
 * probe (as blackbox does) so that connect and TLS time are really measured.
 *
 * @param validStatusCodes     accepted codes; empty means any 2xx
 * @param validHttpVersions    accepted versions such as HTTP/1.1; empty means any
 * @param method               request method
 * @param headers              request headers
 * @param body                 request body, or null
 * @param followRedirects      follow up to 10 redirects
 * @param failIfSsl            fail when the final response came over TLS
 * @param failIfNotSsl         fail when it did not
 * @param failIfBodyMatches    fail when any of these is found in the body
 * @param failIfBodyNotMatches fail when any of these is not found
 * @param failIfHeaderMatches  fail when a header value matches
 * @param failIfHeaderNotMatches fail when no value of a header matches
 * @param tls                  certificate verification
 * @param ip                   address family
 * @param bodySizeLimit        bytes of body read at most; 0 for no limit
 * @param auth                 the Authorization header to send, or null
 */
public record HttpSettings(List<Integer> validStatusCodes, List<String> validHttpVersions, String method,
                           Map<String, String> headers, String body, boolean followRedirects, boolean failIfSsl,
                           boolean failIfNotSsl, List<Pattern> failIfBodyMatches, List<Pattern> failIfBodyNotMatches,
                           List<HeaderMatch> failIfHeaderMatches, List<HeaderMatch> failIfHeaderNotMatches,
                           TlsSettings tls, IpProtocol ip, long bodySizeLimit, Credentials auth) {

    /** A header condition: {@code header}, {@code regexp}, {@code allow_missing}. */
    public record HeaderMatch(String header, Pattern regexp, boolean allowMissing) {
    }

    /**
     * Credentials for the Authorization header. A file is read at every probe because mounted tokens
     * (a Kubernetes service account's) are rotated while the exporter runs.
     */
    public record Credentials(String type, String username, String secret, Path secretFile) {
        /** What /probe?debug=true shows of the module: never the secret itself, as blackbox shows {@code <secret>}. */
        @Override
        public String toString() {
            return "Credentials[type=" + type + ", username=" + username + ", secret=" + (secret == null || secret.isEmpty()
                    ? "" : "<secret>") + ", secretFile=" + secretFile + "]";
        }
    }

    private static final Set<String> UNSUPPORTED = Set.of("compression", "enable_http3", "body_file", "oauth2",
            "skip_resolve_phase_with_proxy", "no_proxy", "proxy_from_environment", "proxy_connect_header",
            "http_headers", "fail_if_body_json_matches_cel", "fail_if_body_json_not_matches_cel", "use_proxy_dns",
            "proxy_url");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGT]?i?B)?");

    static HttpSettings from(ConfigNode n, List<Unsupported> unsupported) {
        boolean follow = n.bool("follow_redirects", true);
        if (n.has("no_follow_redirects")) {
            follow = !n.bool("no_follow_redirects", false);
        }
        if (n.bool("enable_http2", false)) {
            // obs speaks HTTP/1.1 only: "false" changes nothing, "true" would be a silent difference.
            unsupported.add(n.unsupported("enable_http2"));
        }
        HttpSettings s = new HttpSettings(n.ints("valid_status_codes"), n.strings("valid_http_versions"),
                n.string("method", "GET"), n.stringMap("headers"), n.string("body", null), follow,
                n.bool("fail_if_ssl", false), n.bool("fail_if_not_ssl", false),
                n.regexes("fail_if_body_matches_regexp"), n.regexes("fail_if_body_not_matches_regexp"),
                headerMatches(n.list("fail_if_header_matches"), unsupported),
                headerMatches(n.list("fail_if_header_not_matches"), unsupported),
                TlsSettings.from(n.child("tls_config"), unsupported), IpProtocol.from(n), size(n),
                credentials(n, unsupported));
        unsupported.addAll(n.leftovers(UNSUPPORTED));
        return s;
    }

    private static List<HeaderMatch> headerMatches(List<ConfigNode> nodes, List<Unsupported> unsupported) {
        List<HeaderMatch> out = new ArrayList<>();
        for (ConfigNode m : nodes) {
            String header = m.string("header", null);
            Pattern re = m.regex("regexp");
            if (header == null || re == null) {
                throw m.error(m.path() + ": a header match needs both 'header' and 'regexp'");
            }
            out.add(new HeaderMatch(header, re, m.bool("allow_missing", false)));
            unsupported.addAll(m.leftovers(Set.of()));
        }
        return List.copyOf(out);
    }

    private static long size(ConfigNode n) {
        String text = n.string("body_size_limit", "0");
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw n.errorAt("body_size_limit", n.qualified("body_size_limit") + ": expected a size such as 1048576 or 10MB, found '"
                    + text + "'");
        }
        long value = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).replace("i", "");
        // Blackbox parses sizes as base-2 units, so 1MB is 1048576 bytes there too.
        return value << switch (unit) {
            case "KB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            case "TB" -> 40;
            default -> 0;
        };
    }

    private static Credentials credentials(ConfigNode n, List<Unsupported> unsupported) {
        List<Credentials> found = new ArrayList<>();
        if (n.has("basic_auth")) {
            ConfigNode b = n.child("basic_auth");
            String file = b.string("password_file", null);
            found.add(new Credentials("Basic", b.string("username", ""), b.string("password", ""),
                    file == null ? null : Path.of(file)));
            unsupported.addAll(b.leftovers(Set.of()));
        }
        if (n.has("bearer_token") || n.has("bearer_token_file")) {
            String file = n.string("bearer_token_file", null);
            found.add(new Credentials("Bearer", null, n.string("bearer_token", ""), file == null ? null : Path.of(file)));
        }
        if (n.has("authorization")) {
            ConfigNode a = n.child("authorization");
            String file = a.string("credentials_file", null);
            found.add(new Credentials(a.string("type", "Bearer"), null, a.string("credentials", ""),
                    file == null ? null : Path.of(file)));
            unsupported.addAll(a.leftovers(Set.of()));
        }
        if (found.size() > 1) {
            throw n.error(n.path() + ": use only one of basic_auth, bearer_token(_file) and authorization");
        }
        return found.isEmpty() ? null : found.get(0);
    }
}
