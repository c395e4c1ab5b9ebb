package obs.discover;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import obs.discover.Classifier.Database;
import obs.discover.Classifier.Shape;
import obs.discover.Finding.Suggestion;
import obs.discover.Finding.Type;
import obs.discover.ScrapeConfig.Group;
import obs.discover.ScrapeConfig.Job;
import obs.discover.ScrapeConfig.KubernetesSd;

/**
 * Decides, for every Service, which Prometheus jobs already scrape or probe it and what to add. Kubernetes
 * discovery jobs are evaluated by running their relabel_configs over the targets Prometheus would discover;
 * static and file_sd targets (the prometheus-discovered ConfigMap's files) count when a kept target names the
 * Service's DNS name, ClusterIP or an endpoint address. Discovery's own files never count towards what it
 * suggests, or a target it wrote would justify itself.
 */
final class Coverage {
    /** The ConfigMap keys discovery owns; every other key of prometheus-discovered is someone else's. */
    static final String SCRAPE_KEY = "discovery-scrape.json";
    static final String PROBES_KEY = "discovery-probes.json";

    private record StaticTarget(String job, boolean ours) {
    }

    private final ScrapeConfig config;
    private final String stackNamespace;
    private final Teams teams;
    private final Map<String, List<StaticTarget>> byHost = new HashMap<>();
    private final Set<String> ourTargets = new java.util.HashSet<>();

    /**
     * @param files the data of the prometheus-discovered ConfigMap, already parsed: key to target groups
     */
    Coverage(ScrapeConfig config, String stackNamespace, Teams teams, Map<String, List<Group>> files) {
        this.config = config;
        this.stackNamespace = stackNamespace;
        this.teams = teams;
        for (Job job : config.jobs()) {
            job.statics().forEach(g -> index(job, g, false));
            files.forEach((key, groups) -> {
                if (job.readsFile(key)) {
                    groups.forEach(g -> index(job, g, key.equals(SCRAPE_KEY) || key.equals(PROBES_KEY)));
                }
            });
        }
        for (String key : List.of(SCRAPE_KEY, PROBES_KEY)) {
            files.getOrDefault(key, List.of()).forEach(g -> g.targets().forEach(t -> ourTargets.add(key + " " + t)));
        }
    }

    /** The jobs whose kubernetes_sd carries selectors or another cluster: not evaluated (their coverage is not counted). */
    List<String> unevaluated() {
        return config.jobs().stream().filter(j -> j.kubernetes().stream().anyMatch(KubernetesSd::selectors)).map(Job::name).toList();
    }

    private void index(Job job, Group g, boolean ours) {
        for (String target : g.targets()) {
            Map<String, String> labels = new TreeMap<>(g.labels());
            labels.put("__address__", target);
            if (Relabel.apply(job.relabels(), labels) != null) {
                byHost.computeIfAbsent(host(target), h -> new ArrayList<>()).add(new StaticTarget(job.name(), ours));
            }
        }
    }

    List<Finding> findings(Inventory inv) {
        List<Finding> out = new ArrayList<>(inv.services().size());
        for (Service s : inv.services()) {
            out.add(finding(s, inv));
        }
        return out;
    }

    private Finding finding(Service s, Inventory inv) {
        String ns = s.getMetadata().getNamespace();
        String name = s.getMetadata().getName();
        List<Pod> pods = inv.podsOf(s);
        Shape shape = Classifier.classify(s, pods);
        String team = teams.teamOf(s, pods);
        Set<String> others = new LinkedHashSet<>();
        Set<String> ours = new LinkedHashSet<>();
        for (Job job : config.jobs()) {
            if (scrapedByDiscovery(job, s, inv)) {
                others.add(job.name());
            }
        }
        for (String host : hosts(s, inv)) {
            for (StaticTarget t : byHost.getOrDefault(host, List.of())) {
                (t.ours ? ours : others).add(t.job);
            }
        }
        List<String> monitoredBy = new ArrayList<>(others);
        ours.stream().filter(j -> !others.contains(j)).forEach(j -> monitoredBy.add(j + " (discover)"));
        boolean scraped = others.stream().anyMatch(j -> !isProbe(j));
        boolean probed = others.stream().anyMatch(this::isProbe);
        return new Finding(ns, name, shape.kind(), team, monitoredBy, suggestions(s, shape, team, scraped, probed));
    }

    private boolean isProbe(String jobName) {
        return config.jobs().stream().anyMatch(j -> j.name().equals(jobName) && j.probe());
    }

    private boolean scrapedByDiscovery(Job job, Service s, Inventory inv) {
        String ns = s.getMetadata().getNamespace();
        for (KubernetesSd sd : job.kubernetes()) {
            boolean inScope = sd.namespaces() == null || sd.namespaces().contains(ns) || sd.ownNamespace() && ns.equals(stackNamespace);
            if (sd.selectors() || !inScope) {
                continue;
            }
            for (Map<String, String> target : MetaLabels.targets(sd.role(), s, inv)) {
                Map<String, String> kept = Relabel.apply(job.relabels(), target);
                if (kept != null && !kept.getOrDefault("__address__", "").isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    private List<Suggestion> suggestions(Service s, Shape shape, String team, boolean scraped, boolean probed) {
        String ns = s.getMetadata().getNamespace();
        String dns = s.getMetadata().getName() + "." + ns + ".svc";
        List<Suggestion> out = new ArrayList<>();
        if (shape.exposesMetrics() && !scraped) {
            if (shape.metricsPort().isPresent()) {
                Map<String, String> labels = labels(s, team);
                if (shape.metricsPath() != null && !shape.metricsPath().isEmpty()) {
                    labels.put("__metrics_path__", shape.metricsPath());
                }
                if ("http".equals(shape.metricsScheme()) || "https".equals(shape.metricsScheme())) {
                    labels.put("__scheme__", shape.metricsScheme());
                }
                String target = dns + ":" + shape.metricsPort().get().getPort();
                String url = labels.getOrDefault("__scheme__", "http") + "://" + target + labels.getOrDefault("__metrics_path__", "/metrics");
                out.add(new Suggestion(Type.scrape, target, null, labels, "scrape " + url, ourTargets.contains(SCRAPE_KEY + " " + target)));
            } else if (shape.podsAnnotated()) {
                out.add(new Suggestion(Type.setting, null, null, Map.of(), "scrape its annotated pods: add " + ns
                        + " to discovery.namespaces", false));
            } else {
                out.add(new Suggestion(Type.setting, null, null, Map.of(), "expose the pods' metrics port in the Service, "
                        + "or annotate the pods with prometheus.io/scrape and prometheus.io/port", false));
            }
        }
        if (shape.database().isPresent() && !scraped) {
            out.add(exporter(shape.database().get(), dns, shape.dbPort()));
        }
        if (!scraped && !probed) {
            if (shape.database().isPresent()) {
                Database db = shape.database().get();
                String module = switch (db) {
                    case mariadb -> "mysql_handshake";
                    case redis -> "redis_ping";
                    default -> "tcp_connect";
                };
                out.add(probe(s, team, dns + ":" + shape.dbPort(), module));
            } else if (shape.httpPort().isPresent() && !shape.exposesMetrics()) {
                ServicePort p = shape.httpPort().get();
                boolean tls = Classifier.isHttps(p);
                out.add(probe(s, team, (tls ? "https://" : "http://") + dns + ":" + p.getPort() + "/", tls ? "http_2xx_tls" : "http_2xx"));
            }
        }
        return out;
    }

    private Suggestion probe(Service s, String team, String target, String module) {
        Map<String, String> labels = labels(s, team);
        labels.put("module", module);
        return new Suggestion(Type.probe, target, module, labels, "probe " + module + " " + target,
                ourTargets.contains(PROBES_KEY + " " + target));
    }

    private static Suggestion exporter(Database db, String dns, int port) {
        String text = switch (db) {
            case mariadb -> "MariaDB exporter: --set components.mariadb-exporter=true (its address goes in the mariadb-exporter Secret)";
            case redis -> "Redis exporter: --set components.redis-exporter=true --set databases.redisAddress=redis://" + dns + ":" + port;
            default -> db.title + " exporter: obs ships none; run one and annotate its Service with prometheus.io/scrape";
        };
        return new Suggestion(Type.exporter, null, null, Map.of(), text, false);
    }

    private static Map<String, String> labels(Service s, String team) {
        Map<String, String> labels = new TreeMap<>();
        labels.put("namespace", s.getMetadata().getNamespace());
        labels.put("service", s.getMetadata().getName());
        if (team != null) {
            labels.put("team", team);
        }
        return labels;
    }

    /** The names a static target may use for the Service: its DNS names, ClusterIP and endpoint addresses. */
    private Set<String> hosts(Service s, Inventory inv) {
        String name = s.getMetadata().getName();
        String ns = s.getMetadata().getNamespace();
        Set<String> hosts = new LinkedHashSet<>(List.of(name + "." + ns, name + "." + ns + ".svc"));
        if (ns.equals(stackNamespace)) {
            hosts.add(name);
        }
        String ip = s.getSpec().getClusterIP();
        if (ip != null && !ip.isEmpty() && !ip.equals("None")) {
            hosts.add(ip);
        }
        inv.slicesOf(s).forEach(slice -> slice.getEndpoints().forEach(e -> hosts.addAll(e.getAddresses())));
        return hosts;
    }

    /** The host of a target (URL, host:port or host), lower-case, with the cluster domain after ".svc" cut. */
    static String host(String target) {
        String host;
        if (target.contains("://")) {
            try {
                host = URI.create(target).getHost();
            } catch (IllegalArgumentException e) {
                host = null;
            }
            if (host == null) {
                return "";
            }
        } else {
            host = target.replaceFirst("/.*$", "");
            if (host.startsWith("[")) {
                host = host.substring(0, Math.max(host.indexOf(']') + 1, 1));
            } else if (host.indexOf(':') == host.lastIndexOf(':') && host.contains(":")) {
                host = host.substring(0, host.indexOf(':'));
            }
        }
        host = host.toLowerCase(Locale.ROOT).replaceAll("^\\[|\\]$", "").replaceAll("\\.$", "");
        int svc = host.indexOf(".svc.");
        return svc >= 0 ? host.substring(0, svc + 4) : host;
    }
}
