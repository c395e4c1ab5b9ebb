package obs.checks;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;
import obs.access.Endpoints;
import obs.access.Endpoints.Reply;
import obs.stack.Component.Port;

/** An HTTP GET on a component for a check, with failures turned into messages that name the URL. */
public final class Fetch {
    /** Why a request could not be answered; the check then fails with this message. */
    static final class Unreachable extends Exception {
        Unreachable(String message) {
            super(message);
        }
    }

    private Fetch() {
    }

    static Reply get(Target t, String portName, String path, Duration timeout) throws Unreachable, InterruptedException {
        Port port = portName == null ? t.component().httpPort() : t.component().ports().stream()
                .filter(p -> p.name().equals(portName)).findFirst()
                .orElseThrow(() -> new IllegalStateException("component " + t.component().name() + " has no port " + portName));
        Endpoints.Route route = t.endpoints().route(t.component(), port).orElseThrow(() -> new Unreachable(
                "no endpoint for " + t.component().name() + " port " + port.name() + " (pass --endpoint "
                        + t.component().name() + "=URL)"));
        String url = route.describe(path);
        try {
            return route.get(path, timeout);
        } catch (HttpTimeoutException | SocketTimeoutException e) {
            throw new Unreachable(e instanceof HttpConnectTimeoutException ? "connect timed out: " + url
                    : "no answer within " + timeout.toMillis() + " ms: " + url);
        } catch (IOException e) {
            throw new Unreachable(describe(e, url, t.component().name()));
        }
    }

    /** Why a request failed, in words, with where it went; never the exception's class. */
    public static String describe(IOException e, String url, String component) {
        if (e instanceof Endpoints.RouteFailure) {
            return e.getMessage();
        }
        if (e instanceof UnknownHostException || e.getCause() instanceof UnresolvedAddressException) {
            return "unknown host " + host(url, e) + ": " + url;
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to host: " + url;
        }
        String message = e.getMessage() == null ? null : e.getMessage().lines().findFirst().orElse("");
        if (e instanceof ConnectException) {
            return message == null || message.toLowerCase(Locale.ROOT).contains("refused")
                    ? "connection refused: " + url + " (is " + component + " running?)"
                    : "cannot connect (" + message.toLowerCase(Locale.ROOT) + "): " + url;
        }
        if (e instanceof SSLException) {
            return "TLS with " + url + " failed: " + rootMessage(e);
        }
        if (e instanceof SocketException && message != null && message.toLowerCase(Locale.ROOT).contains("reset")) {
            return "connection reset by the server: " + url;
        }
        if (message == null || message.isBlank()) {
            return "request to " + url + " failed";
        }
        // What is left is the server's answer not being HTTP as expected (obs's HTTP reader and the JDK's word it).
        return "bad HTTP response from " + url + ": " + message;
    }

    private static String host(String url, IOException e) {
        try {
            String host = URI.create(url).getHost();
            if (host != null) {
                return host;
            }
        } catch (IllegalArgumentException notAUrl) {
            // A port-forward description: the exception names the host.
        }
        return e.getMessage() == null ? "(unnamed)" : e.getMessage();
    }

    /** The innermost message: for TLS it is the one that says what is wrong (untrusted certificate, wrong name). */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause().getMessage() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? "no detail" : root.getMessage().lines().findFirst().orElse("");
    }

}
