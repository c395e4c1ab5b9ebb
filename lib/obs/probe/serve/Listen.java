package obs.probe.serve;

import java.net.InetSocketAddress;
import obs.core.ObsException;

/** Parses a listen address: {@code :9116}, {@code 0.0.0.0:9116}, {@code 127.0.0.1:0}, {@code [::1]:9116}. */
public final class Listen {
    private Listen() {
    }

    public static InetSocketAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw ObsException.usage("--listen '" + text + "' is not HOST:PORT or :PORT");
        }
        String host = text.substring(0, colon).replaceAll("^\\[|\\]$", "");
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw ObsException.usage("--listen '" + text + "': the port must be a number from 0 to 65535");
        }
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }
}
