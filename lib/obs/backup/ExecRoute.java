package obs.backup;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import obs.access.Endpoints;

/**
 * GETs to a Prometheus inside a pod, asked with the image's own wget at 127.0.0.1 through exec, so {@link PrometheusCounts}
 * reads a scratch pod's counts the way it reads any other Prometheus. Exec rather than the API server's pod proxy:
 * the drill needs exec anyway (the snapshot goes in as a tar on its stdin), so this takes no further permission,
 * and the server listens on loopback only, reachable by no other pod and untouched by the namespace's NetworkPolicies.
 * Equivalent to {@code kubectl exec POD -c CONTAINER -- wget -q -O - http://127.0.0.1:9090PATH}.
 */
record ExecRoute(KubernetesClient client, String namespace, String pod, String container) implements Endpoints.Route {
    static final String LOCAL = "http://127.0.0.1:9090";
    /** busybox wget's words for an answer other than 2xx: {@code wget: server returned error: HTTP/1.1 400 Bad Request}. */
    private static final Pattern STATUS = Pattern.compile("server returned error: HTTP/\\d(?:\\.\\d)? (\\d{3})");

    /** The timeout is exec's own ({@link PodExec#COMMAND_TIMEOUT}): wget's -T is not in every busybox build. */
    @Override
    public Endpoints.Reply send(String method, String path, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException {
        if (!method.equals("GET") || body != null || !headers.isEmpty()) {
            throw new IOException("only plain GETs go to the scratch Prometheus, not " + method + " " + path);
        }
        PodExec.Result r = PodExec.result(client, namespace, pod, container, null, "wget", "-q", "-O", "-", LOCAL + path);
        if (r.code() == 0) {
            return new Endpoints.Reply(200, r.out());
        }
        Matcher status = STATUS.matcher(r.err());
        if (status.find()) {
            return new Endpoints.Reply(Integer.parseInt(status.group(1)), r.firstErrorLine());
        }
        throw new IOException("wget in pod " + pod + " exited with " + r.code() + ": " + r.firstErrorLine());
    }

    @Override
    public String describe(String path) {
        return "pod " + pod + " " + LOCAL + path;
    }
}
