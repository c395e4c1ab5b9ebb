package obs.probe.config;

import java.util.Map;

/**
 * The modules obs knows without a file, written in the blackbox format they extend. A file's module of the
 * same name wins. {@code dns} takes its question from a dns:// target, and {@code path} is obs's own prober.
 */
public final class BuiltinModules {
    static final String SOURCE = "<built-in modules>";
    static final String TEXT = """
            modules:
              http_2xx:
                prober: http
                timeout: 10s
              tcp_connect:
                prober: tcp
                timeout: 10s
              tls_connect:
                prober: tcp
                timeout: 10s
                tcp:
                  tls: true
              dns:
                prober: dns
                timeout: 10s
                dns:
                  query_type: A
              icmp:
                prober: icmp
                timeout: 5s
              path:
                prober: path
                timeout: 30s
            """;

    private static final Map<String, Module> ALL = java.util.Collections.unmodifiableMap(ModuleFile.read(SOURCE, TEXT));

    private BuiltinModules() {
    }

    /** The built-ins by name, in the order above. */
    public static Map<String, Module> all() {
        return ALL;
    }
}
