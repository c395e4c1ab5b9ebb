package obs.grafana;

import static obs.grafana.GrafanaClient.segment;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Dashboards stored in schema v2, through the app-platform API ({@code /apis/dashboard.grafana.app/VERSION/namespaces/NS/dashboards}):
 * Grafana 13's classic route answers them with 406 and names the route to use instead. Objects are Kubernetes-style
 * ({@code metadata.name} is the dashboard uid, the folder an annotation, {@code metadata.resourceVersion} for
 * optimistic locking) and errors are Kubernetes Status objects.
 */
public final class DashboardResources {
    public static final String GROUP = "dashboard.grafana.app";
    /** The schema-v2 version Grafana 13 serves (the contract: v2beta1 and v2), used when a 406 names none. */
    public static final String V2 = "v2";
    /** Org 1's namespace. */
    public static final String DEFAULT_NAMESPACE = "default";
    /** The annotation holding the folder uid (absent at the root). */
    public static final String FOLDER = "grafana.app/folder";
    private static final Pattern ROUTE = Pattern.compile("/apis/dashboard\\.grafana\\.app/(v2[a-z0-9]*)/namespaces/([a-z0-9][a-z0-9-]*)/dashboards/");

    private final GrafanaClient client;

    DashboardResources(GrafanaClient client) {
        this.client = client;
    }

    /** Where schema-v2 dashboards are read and written: the API version (v2, v2beta1) and the org's namespace. */
    public record Route(String version, String namespace) {
        /** The route a 406 message names ("... use /apis/dashboard.grafana.app/v2/namespaces/default/dashboards/UID instead"), else V2 in org 1. */
        public static Route fromMessage(String message) {
            Matcher m = ROUTE.matcher(message == null ? "" : message);
            return m.find() ? new Route(m.group(1), m.group(2)) : new Route(V2, DEFAULT_NAMESPACE);
        }

        /** The route of a saved object's {@code apiVersion} ("dashboard.grafana.app/v2") in {@code namespace}. */
        public static Route of(String apiVersion, String namespace) {
            String version = apiVersion != null && apiVersion.startsWith(GROUP + "/") ? apiVersion.substring(GROUP.length() + 1) : V2;
            return new Route(version, namespace == null || namespace.isEmpty() ? DEFAULT_NAMESPACE : namespace);
        }

        public String apiVersion() {
            return GROUP + "/" + version;
        }

        String path() {
            return "/apis/" + GROUP + "/" + segment(version) + "/namespaces/" + segment(namespace) + "/dashboards";
        }
    }

    /**
     * A dashboard object by name (its uid); empty only when Grafana says that object is not found. A 404 that names
     * no object (the API version is not served) is an error, so no dashboard is ever skipped for a wrong route.
     */
    public Optional<JsonNode> get(Route route, String name) {
        String path = route.path() + "/" + segment(name);
        GrafanaClient.Reply r = client.send("GET", path, null, Map.of());
        if (r.status() / 100 == 2) {
            return Optional.of(r.body());
        }
        if (r.status() == 404 && name.equals(r.body().path("details").path("name").asString(""))) {
            return Optional.empty();
        }
        throw client.error(r, "GET", path);
    }

    /** Creates the object (201); a taken name is a 409 AlreadyExists error. */
    public JsonNode create(Route route, JsonNode object) {
        return client.post(route.path(), object);
    }

    /** Replaces the object; with {@code metadata.resourceVersion} set, a changed object is a 409 Conflict error. */
    public JsonNode replace(Route route, String name, JsonNode object) {
        return client.put(route.path() + "/" + segment(name), object);
    }

    /** The folder uid of an object (its annotation), or null at the root. */
    public static String folder(JsonNode object) {
        String f = object.path("metadata").path("annotations").path(FOLDER).asString("");
        return f.isEmpty() ? null : f;
    }
}
