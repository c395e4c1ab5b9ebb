package obs.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Decodes a request's query string (form encoding: %XX escapes and + for space). */
final class QueryParams {
    /** A % not followed by two hex digits; URLDecoder would throw with a message naming itself. */
    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    private QueryParams() {
    }

    /** The parameters, the first of a repeated name winning; {@link EndpointServer.BadRequest} on a bad escape. */
    static Map<String, String> decode(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        Matcher bad = BAD_ESCAPE.matcher(raw);
        if (bad.find()) {
            String escape = raw.substring(bad.start(), Math.min(raw.length(), bad.start() + 3));
            throw new EndpointServer.BadRequest("malformed query: '" + printable(escape)
                    + "' is not a %-escape (% and two hex digits)");
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.putIfAbsent(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The request line may carry any byte but space, CR and LF; control characters are not echoed back. */
    private static String printable(String s) {
        return s.codePoints().map(c -> c < 0x20 || c == 0x7f ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
