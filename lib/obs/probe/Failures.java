package obs.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/** Network exceptions in the words a failed probe reports. */
final class Failures {
    private Failures() {
    }

    static String describe(IOException e, String host, int port) {
        String where = port > 0 ? host + ":" + port : host;
        if (e instanceof UnknownHostException) {
            boolean ownWords = e.getMessage() != null && (e.getMessage().contains(" has no ") || e.getMessage().contains(" did not answer "));
            return "cannot resolve " + (ownWords ? e.getMessage()
                    : "host '" + host + "'");
        }
        if (e instanceof SocketTimeoutException) {
            return "timed out (" + (e.getMessage() == null ? "no answer" : e.getMessage()) + ") talking to " + where;
        }
        if (e instanceof PortUnreachableException) {
            return "nothing answers on " + where + " (port unreachable)";
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to " + where;
        }
        if (e instanceof ConnectException) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            return (m.toLowerCase().contains("refused") ? "connection refused by " : "cannot connect to ") + where
                    + (m.toLowerCase().contains("refused") ? "" : " (" + m + ")");
        }
        if (e instanceof SSLException ssl) {
            return TlsFacts.describe(ssl);
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + " (" + where + ")";
    }
}
