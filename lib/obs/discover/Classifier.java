package obs.discover;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a Service is, from its ports, annotations and its pods' images: a database, a metrics endpoint, an HTTP
 * service, or other. A database wins over the rest because it needs an exporter whatever else it serves.
 */
final class Classifier {
    static final String SCRAPE = "prometheus.io/scrape";
    static final String PORT = "prometheus.io/port";
    static final String PATH = "prometheus.io/path";
    static final String SCHEME = "prometheus.io/scheme";

    /** The databases recognised, by well-known port, port-name and image keywords. */
    enum Database {
        mariadb(3306, "MariaDB/MySQL", "mariadb", "mysql", "percona"),
        postgresql(5432, "PostgreSQL", "postgres"),
        redis(6379, "Redis", "redis", "valkey"),
        mongodb(27017, "MongoDB", "mongo");

        final int port;
        final String title;
        final List<String> words;

        Database(int port, String title, String... words) {
            this.port = port;
            this.title = title;
            this.words = List.of(words);
        }
    }

    /**
     * How a Service presents itself to monitoring.
     *
     * @param database        the database it is, if any, and the port it listens on
     * @param metricsPort     the Service port that serves metrics (annotation or a port named metrics), if any
     * @param podsAnnotated   whether its pods carry prometheus.io/scrape: "true" (but the Service does not)
     * @param httpPort        the first port that speaks HTTP(S), if any
     */
    record Shape(Optional<Database> database, int dbPort, Optional<ServicePort> metricsPort, String metricsPath,
                 String metricsScheme, boolean podsAnnotated, boolean podMetricsPort, Optional<ServicePort> httpPort) {
        String kind() {
            if (database.isPresent()) {
                return database.get().name();
            }
            if (metricsPort.isPresent() || podsAnnotated || podMetricsPort) {
                return "metrics";
            }
            return httpPort.isPresent() ? "http" : "other";
        }

        boolean exposesMetrics() {
            return metricsPort.isPresent() || podsAnnotated || podMetricsPort;
        }
    }

    private Classifier() {
    }

    static Shape classify(Service s, List<Pod> pods) {
        Map<String, String> ann = annotations(s.getMetadata().getAnnotations());
        List<ServicePort> ports = s.getSpec().getPorts() == null ? List.of() : s.getSpec().getPorts();
        Optional<ServicePort> metrics = Optional.empty();
        if ("true".equals(ann.get(SCRAPE))) {
            String port = ann.get(PORT);
            metrics = ports.stream().filter(p -> port != null && port.equals(String.valueOf(p.getPort()))).findFirst();
            if (metrics.isEmpty() && port != null && port.matches("\\d+")) {
                metrics = Optional.of(new io.fabric8.kubernetes.api.model.ServicePortBuilder().withPort(Integer.parseInt(port)).build());
            }
            if (metrics.isEmpty()) {
                metrics = ports.stream().findFirst();
            }
        }
        if (metrics.isEmpty()) {
            metrics = ports.stream().filter(p -> isMetricsName(p.getName())).findFirst();
        }
        boolean podsAnnotated = metrics.isEmpty() && pods.stream().anyMatch(p -> "true".equals(annotations(p.getMetadata().getAnnotations()).get(SCRAPE)));
        boolean podMetricsPort = metrics.isEmpty() && pods.stream().flatMap(p -> p.getSpec().getContainers().stream())
                .flatMap(c -> c.getPorts() == null ? java.util.stream.Stream.empty() : c.getPorts().stream())
                .anyMatch(cp -> isMetricsName(cp.getName()));
        Optional<ServicePort> http = ports.stream().filter(Classifier::isHttp).findFirst();
        Optional<Database> db = Optional.empty();
        int dbPort = 0;
        for (ServicePort p : ports) {
            Optional<Database> d = database(p);
            if (d.isPresent()) {
                db = d;
                dbPort = p.getPort();
                break;
            }
        }
        if (db.isEmpty() && !ports.isEmpty()) {
            db = pods.stream().flatMap(p -> p.getSpec().getContainers().stream()).map(Classifier::imageDatabase)
                    .flatMap(Optional::stream).findFirst();
            dbPort = db.isPresent() ? ports.getFirst().getPort() : 0;
        }
        return new Shape(db, dbPort, metrics, ann.get(PATH), ann.get(SCHEME), podsAnnotated, podMetricsPort, http);
    }

    static boolean isHttps(ServicePort p) {
        String name = lower(p.getName());
        return name.equals("https") || name.startsWith("https-") || "https".equals(lower(p.getAppProtocol()))
                || p.getPort() == 443 || p.getPort() == 8443;
    }

    private static boolean isMetricsName(String name) {
        return "metrics".equals(name) || "http-metrics".equals(name);
    }

    private static boolean isHttp(ServicePort p) {
        String name = lower(p.getName());
        String app = lower(p.getAppProtocol());
        return !isMetricsName(p.getName()) && (name.equals("http") || name.equals("web") || name.startsWith("http-")
                || isHttps(p) || app.equals("http") || app.equals("kubernetes.io/h2c") || p.getPort() == 80 || p.getPort() == 8080);
    }

    private static Optional<Database> database(ServicePort p) {
        int target = p.getTargetPort() != null && p.getTargetPort().getIntVal() != null ? p.getTargetPort().getIntVal() : -1;
        String name = lower(p.getName()) + " " + (p.getTargetPort() != null && p.getTargetPort().getStrVal() != null
                ? lower(p.getTargetPort().getStrVal()) : "");
        for (Database d : Database.values()) {
            if (p.getPort() == d.port || target == d.port || d.words.stream().anyMatch(name::contains)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** The database an image runs; exporters (redis_exporter, mysqld-exporter) name a database but are not one. */
    private static Optional<Database> imageDatabase(Container c) {
        String image = lower(c.getImage());
        String repo = image.contains("/") ? image.substring(image.lastIndexOf('/') + 1) : image;
        if (repo.contains("exporter")) {
            return Optional.empty();
        }
        for (Database d : Database.values()) {
            if (d.words.stream().anyMatch(repo::contains)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> annotations(Map<String, String> a) {
        return a == null ? Map.of() : a;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
