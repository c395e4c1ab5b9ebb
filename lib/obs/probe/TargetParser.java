package obs.probe;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import obs.core.ObsException;
import obs.probe.config.Module;
import obs.probe.config.Module.Prober;
import obs.probe.config.Modules;
import org.xbill.DNS.Type;

/**
 * Turns what the user typed into a {@link Target}: a URL whose scheme implies the module ({@code https://},
 * {@code tcp://host:port}, {@code tls://host:port}, {@code dns://server/name?type=A}, {@code icmp://host},
 * {@code path://host}), or anything blackbox accepts as a target together with a module name.
 */
public final class TargetParser {
    /** mtr cycles per path run when the target does not say; fewer make the loss figure meaningless. */
    public static final int DEFAULT_PATH_PACKETS = 10;

    private static final Map<String, String> SCHEME_MODULES = Map.of("http", "http_2xx", "https", "http_2xx",
            "tcp", "tcp_connect", "tls", "tls_connect", "dns", "dns", "icmp", "icmp", "path", "path");
    private static final Map<String, Prober> SCHEME_PROBERS = Map.of("http", Prober.http, "https", Prober.http,
            "tcp", Prober.tcp, "tls", Prober.tcp, "dns", Prober.dns, "icmp", Prober.icmp, "path", Prober.path);

    /** Scheme (optional) and the user info of the authority, which ends at the last '@' before any / ? #. */
    private static final Pattern USER_INFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)?([^/?#]*)@");

    private final Modules modules;

    public TargetParser(Modules modules) {
        this.modules = modules;
    }

    /**
     * Parses one target. {@code moduleName} may be null when the scheme implies the module.
     *
     * @throws ObsException (usage) naming the target and what is wrong with it
     */
    public Target parse(String text, String moduleName, Map<String, String> labels) {
        String raw = text == null ? "" : text.trim();
        if (raw.isEmpty()) {
            throw ObsException.usage("empty target");
        }
        int sep = raw.indexOf("://");
        String scheme = sep > 0 ? raw.substring(0, sep).toLowerCase() : null;
        if (scheme != null && !SCHEME_MODULES.containsKey(scheme)) {
            throw bad(raw, "unknown scheme '" + scheme + "' (use http, https, tcp, tls, dns, icmp or path)");
        }
        Module module;
        if (moduleName != null) {
            module = modules.get(moduleName);
        } else if (scheme != null) {
            module = modules.forScheme(SCHEME_MODULES.get(scheme));
        } else if (raw.matches(".+:\\d+")) {
            module = modules.forScheme("tcp_connect");
        } else {
            throw bad(raw, "give a scheme (https://, tcp://, dns://, icmp://, path://) or a --module");
        }
        if (scheme != null && SCHEME_PROBERS.get(scheme) != module.prober()) {
            throw bad(raw, "module '" + module.name() + "' uses the " + module.prober() + " prober, which cannot probe a "
                    + scheme + ":// target");
        }
        // Schemes are case-insensitive (RFC 3986); the probers compare them in lower case.
        URI uri = uri(raw, (scheme == null ? defaultScheme(module.prober()) : scheme) + "://" + raw.substring(sep < 0 ? 0 : sep + 3));
        return switch (module.prober()) {
            case http -> http(raw, uri, module, labels);
            case tcp -> endpoint(raw, uri, module, labels, true);
            case dns -> dns(raw, uri, module, labels);
            case icmp, path -> host(raw, uri, module, labels);
        };
    }

    private static String defaultScheme(Prober prober) {
        return prober == Prober.http ? "http" : "tcp";
    }

    private static Target http(String raw, URI uri, Module module, Map<String, String> labels) {
        if (!uri.getScheme().equals("http") && !uri.getScheme().equals("https")) {
            throw bad(raw, "an http module needs an http:// or https:// URL");
        }
        requireHost(raw, uri);
        int port = uri.getPort() >= 0 ? port(raw, uri.getPort()) : uri.getScheme().equals("https") ? 443 : 80;
        return new Target(redact(raw), module, host(uri), port, uri, Map.copyOf(labels), 0);
    }

    private static Target endpoint(String raw, URI uri, Module module, Map<String, String> labels, boolean needPort) {
        requireHost(raw, uri);
        noPath(raw, uri);
        params(raw, uri, Set.of());
        if (needPort && uri.getPort() < 0) {
            throw bad(raw, "a tcp target needs a port (host:port)");
        }
        port(raw, uri.getPort());
        return new Target(redact(raw), module, host(uri), uri.getPort(), null, Map.copyOf(labels), 0);
    }

    private static Target host(String raw, URI uri, Module module, Map<String, String> labels) {
        requireHost(raw, uri);
        noPath(raw, uri);
        if (uri.getPort() >= 0) {
            throw bad(raw, "an " + module.prober() + " target takes no port");
        }
        Map<String, String> p = params(raw, uri, Set.of("packets"));
        int packets = module.prober() == Prober.path ? DEFAULT_PATH_PACKETS : 1;
        if (p.containsKey("packets")) {
            try {
                packets = Integer.parseInt(p.get("packets"));
            } catch (NumberFormatException e) {
                packets = 0;
            }
            if (packets < 1 || packets > 1000) {
                throw bad(raw, "packets must be a number from 1 to 1000");
            }
        }
        return new Target(redact(raw), module, host(uri), 0, null, Map.copyOf(labels), packets);
    }

    private static Target dns(String raw, URI uri, Module module, Map<String, String> labels) {
        requireHost(raw, uri);
        Map<String, String> p = params(raw, uri, Set.of("type", "transport"));
        String name = uri.getPath() == null || uri.getPath().length() <= 1 ? null : uri.getPath().substring(1);
        Integer type = null;
        if (p.containsKey("type")) {
            type = Type.value(p.get("type").toUpperCase());
            if (type < 0) {
                throw bad(raw, "unknown DNS type '" + p.get("type") + "'");
            }
        }
        Boolean tcp = null;
        if (p.containsKey("transport")) {
            String transport = p.get("transport");
            if (!transport.equals("udp") && !transport.equals("tcp")) {
                throw bad(raw, "transport must be udp or tcp");
            }
            tcp = transport.equals("tcp");
        }
        Module asked = module.withDns(module.dns().asking(name != null ? name : module.dns().queryName(), type, tcp));
        if (asked.dns().queryName() == null) {
            throw bad(raw, "no name to ask for: use dns://SERVER/NAME?type=A or a module with query_name");
        }
        int port = uri.getPort() >= 0 ? port(raw, uri.getPort()) : 53;
        return new Target(redact(raw), asked, host(uri), port, null, Map.copyOf(labels), 0);
    }

    private static URI uri(String raw, String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw bad(raw, e.getReason() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
        }
    }

    /** The host without the brackets a URL puts around an IPv6 address, and with its zone (%25eth0) decoded. */
    private static String host(URI uri) {
        String h = uri.getHost();
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1).replace("%25", "%") : h;
    }

    /**
     * java.net.URI leaves the host null when the authority is not a valid server address (a bad port, a host
     * with illegal characters); this says which part is wrong instead of a bare "no host name".
     */
    private static void requireHost(String raw, URI uri) {
        if (uri.getHost() != null && !uri.getHost().isEmpty()) {
            return;
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw bad(raw, "no host name");
        }
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        if (colon >= 0) {
            String port = hostPort.substring(colon + 1);
            if (!port.isEmpty() && !port.chars().allMatch(Character::isDigit)) {
                throw bad(raw, "port '" + port + "' is not a number");
            }
            if (port.length() > 5) {
                throw bad(raw, "port " + port + " is out of range (1-65535)");
            }
        }
        throw bad(raw, host.isEmpty() ? "no host name" : "'" + host + "' is not a valid host name or address");
    }

    private static int port(String raw, int port) {
        if (port < 1 || port > 65535) {
            throw bad(raw, "port " + port + " is out of range (1-65535)");
        }
        return port;
    }

    private static void noPath(String raw, URI uri) {
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw bad(raw, "a path (" + uri.getRawPath() + ") means nothing here");
        }
    }

    private static Map<String, String> params(String raw, URI uri, Set<String> allowed) {
        Map<String, String> out = new LinkedHashMap<>();
        if (uri.getQuery() == null || uri.getQuery().isEmpty()) {
            return out;
        }
        for (String pair : uri.getQuery().split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (!allowed.contains(key)) {
                throw bad(raw, "unknown parameter '" + key + "'" + (allowed.isEmpty() ? "" : " (known: "
                        + String.join(", ", allowed) + ")"));
            }
            out.put(key, eq < 0 ? "" : pair.substring(eq + 1));
        }
        return out;
    }

    private static ObsException bad(String raw, String why) {
        return ObsException.usage("bad target '" + redact(raw) + "': " + why);
    }

    /**
     * The target as obs shows it anywhere (tables, JSON, labels, /probe debug, errors): a password in the URL's
     * user info becomes {@code xxxxx}, as Go's URL.Redacted writes it; a user name alone is replaced too, since
     * tokens are often passed that way. The request itself still uses the real user info.
     */
    public static String redact(String target) {
        Matcher m = USER_INFO.matcher(target);
        if (!m.find()) {
            return target;
        }
        String info = m.group(2);
        int colon = info.indexOf(':');
        return m.group(1) + (colon < 0 ? "xxxxx" : info.substring(0, colon + 1) + "xxxxx") + "@" + target.substring(m.end());
    }
}
