package obs.checks;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import obs.kube.Endpoints;
import obs.kube.Endpoints.Reply;
import obs.stack.Component.Port;

/** An HTTP GET on a component for a check, with failures turned into messages that name the URL. */
final class Fetch {
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

    static String describe(IOException e, String url, String component) {
        if (e instanceof ConnectException) {
            return "connection refused: " + url + " (is " + component + " running?)";
        }
        return e.getClass().getSimpleName() + (e.getMessage() != null ? " " + e.getMessage() : "") + ": " + url;
    }

    /** The first line of a body, shortened, to quote in a message. */
    static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "empty body";
        }
        String line = body.strip().lines().findFirst().orElse("");
        return line.length() > 120 ? line.substring(0, 117) + "..." : line;
    }
}
