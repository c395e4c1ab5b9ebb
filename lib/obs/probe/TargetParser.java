package obs.probe;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import obs.cli.ObsException;
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
        if (scheme == null && moduleName == null) {
            if (!raw.matches(".+:\\d+")) {
                throw bad(raw, "give a scheme (https://, tcp://, dns://, icmp://, path://) or a --module");
            }
            moduleName = "tcp_connect";
        }
        Module module = modules.get(moduleName != null ? moduleName : SCHEME_MODULES.get(scheme));
        if (scheme != null && SCHEME_PROBERS.get(scheme) != module.prober()) {
            throw bad(raw, "module '" + module.name() + "' uses the " + module.prober() + " prober, which cannot probe a "
                    + scheme + ":// target");
        }
        URI uri = uri(raw, scheme == null ? defaultScheme(module.prober()) + "://" + raw : raw);
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
        int port = uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
        return new Target(raw, module, host(uri), port, uri, Map.copyOf(labels), 0);
    }

    private static Target endpoint(String raw, URI uri, Module module, Map<String, String> labels, boolean needPort) {
        requireHost(raw, uri);
        noPath(raw, uri);
        params(raw, uri, Set.of());
        if (needPort && uri.getPort() <= 0) {
            throw bad(raw, "a tcp target needs a port (host:port)");
        }
        return new Target(raw, module, host(uri), uri.getPort(), null, Map.copyOf(labels), 0);
    }

    private static Target host(String raw, URI uri, Module module, Map<String, String> labels) {
        requireHost(raw, uri);
        noPath(raw, uri);
        if (uri.getPort() > 0) {
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
        return new Target(raw, module, host(uri), 0, null, Map.copyOf(labels), packets);
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
        int port = uri.getPort() > 0 ? uri.getPort() : 53;
        return new Target(raw, asked, host(uri), port, null, Map.copyOf(labels), 0);
    }

    private static URI uri(String raw, String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw bad(raw, e.getReason() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
        }
    }

    /** The host without the brackets a URL puts around an IPv6 address. */
    private static String host(URI uri) {
        String h = uri.getHost();
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    private static void requireHost(String raw, URI uri) {
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw bad(raw, "no host name");
        }
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
        return ObsException.usage("bad target '" + raw + "': " + why);
    }
}
