package obs.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;

/** Free loopback ports near a preferred one. */
final class Ports {
    private Ports() {
    }

    /**
     * The first port from {@code preferred} upward that can be bound on 127.0.0.1 and is not taken.
     * Sandbox ports sit in 19000-29999, below Linux's ephemeral range (32768+), so an outgoing connection
     * never holds one.
     */
    static int free(int preferred, Set<Integer> taken) {
        for (int port = preferred; port < preferred + 500; port++) {
            if (!taken.contains(port) && bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + preferred + "-" + (preferred + 499));
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
