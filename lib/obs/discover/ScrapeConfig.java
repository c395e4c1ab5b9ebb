package obs.discover;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import obs.core.ObsException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The parts of an installed prometheus.yml that decide what is scraped or probed: every job's Kubernetes
 * service discovery (role and namespaces), its relabel_configs, its static targets and its file_sd globs.
 */
record ScrapeConfig(List<Job> jobs) {
    /** A Kubernetes service discovery block; {@code namespaces} null means every namespace. */
    record KubernetesSd(String role, List<String> namespaces, boolean ownNamespace, boolean selectors) {
    }

    /** A static target group (static_configs, or a file_sd file's group). */
    record Group(List<String> targets, Map<String, String> labels) {
    }

    /**
     * One scrape job.
     *
     * @param probe whether its targets are probe targets of an exporter (metrics_path /probe)
     */
    record Job(String name, boolean probe, List<KubernetesSd> kubernetes, List<Relabel> relabels, List<Group> statics,
               List<String> fileGlobs) {
        /** Whether a file_sd file named {@code fileName} (a ConfigMap key) is one of this job's files. */
        boolean readsFile(String fileName) {
            return fileGlobs.stream().anyMatch(glob -> FileSystems.getDefault()
                    .getPathMatcher("glob:" + Path.of(glob).getFileName()).matches(Path.of(fileName)));
        }
    }

    /** Parses the file; a problem (bad YAML, a bad relabel rule) names {@code source} and, for YAML, the line. */
    @SuppressWarnings("unchecked")
    static ScrapeConfig parse(String source, String text) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw ObsException.problem(source + (mark == null ? "" : ":" + (mark.getLine() + 1)) + ": invalid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw ObsException.problem(source + ": invalid YAML: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> config)) {
            throw ObsException.problem(source + ": not a Prometheus configuration (expected a mapping)");
        }
        List<Job> jobs = new ArrayList<>();
        for (Object j : config.get("scrape_configs") instanceof List<?> l ? l : List.of()) {
            if (!(j instanceof Map<?, ?> job)) {
                throw ObsException.problem(source + ": scrape_configs holds an entry that is not a mapping");
            }
            String name = String.valueOf(job.get("job_name"));
            try {
                jobs.add(new Job(name, "/probe".equals(job.get("metrics_path")), kubernetes(job), relabels(job),
                        statics(job), files(job)));
            } catch (IllegalArgumentException | ClassCastException e) {
                throw ObsException.problem(source + ": job " + name + ": " + e.getMessage());
            }
        }
        return new ScrapeConfig(jobs);
    }

    private static List<KubernetesSd> kubernetes(Map<?, ?> job) {
        List<KubernetesSd> out = new ArrayList<>();
        for (Object o : list(job.get("kubernetes_sd_configs"))) {
            Map<?, ?> sd = (Map<?, ?>) o;
            List<String> names = null;
            boolean own = false;
            if (sd.get("namespaces") instanceof Map<?, ?> ns) {
                own = Boolean.TRUE.equals(ns.get("own_namespace"));
                if (ns.get("names") instanceof List<?> n) {
                    names = n.stream().map(String::valueOf).toList();
                } else if (own) {
                    names = List.of();
                }
            }
            boolean other = sd.containsKey("api_server") || sd.containsKey("kubeconfig_file");
            out.add(new KubernetesSd(String.valueOf(sd.get("role")), names, own,
                    other || sd.get("selectors") instanceof List<?> s && !s.isEmpty()));
        }
        return out;
    }

    private static List<Relabel> relabels(Map<?, ?> job) {
        return list(job.get("relabel_configs")).stream().map(r -> Relabel.of((Map<?, ?>) r)).toList();
    }

    private static List<Group> statics(Map<?, ?> job) {
        List<Group> out = new ArrayList<>();
        for (Object o : list(job.get("static_configs"))) {
            Map<?, ?> group = (Map<?, ?>) o;
            out.add(group(group));
        }
        return out;
    }

    static Group group(Map<?, ?> group) {
        List<String> targets = list(group.get("targets")).stream().map(String::valueOf).toList();
        Map<String, String> labels = new java.util.TreeMap<>();
        if (group.get("labels") instanceof Map<?, ?> l) {
            l.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
        }
        return new Group(targets, labels);
    }

    private static List<String> files(Map<?, ?> job) {
        List<String> out = new ArrayList<>();
        for (Object o : list(job.get("file_sd_configs"))) {
            list(((Map<?, ?>) o).get("files")).forEach(f -> out.add(String.valueOf(f)));
        }
        return out;
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }
}
