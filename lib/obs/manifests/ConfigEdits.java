package obs.manifests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import obs.core.Durations;
import obs.core.ObsException;
import obs.values.Values;

/**
 * Writes values into the components' configuration files as data (the "Where each value lands" table of
 * manifests/profiles/README.md). The files as shipped are what the base profile renders to, so the places
 * an edit touches are found by the base profile's values: a job whose scrape_interval is the base's
 * infrastructure interval is an infrastructure job, a namespace list equal to the base's discovery list is
 * a discovery list, and so on.
 */
final class ConfigEdits {
    private final Values values;
    private final Values base;

    ConfigEdits(Values values, Values base) {
        this.values = values;
        this.base = base;
    }

    /** The files of one folder's ConfigMaps after the edits that concern them. */
    Map<String, String> edit(String folder, Map<String, String> files) {
        Map<String, String> out = new LinkedHashMap<>();
        files.forEach((name, text) -> {
            String source = "manifests/" + folder + "/" + name;
            out.put(name, switch (folder + "/" + name) {
                case "prometheus/prometheus.yml" -> edit(source, text, this::prometheus);
                case "alertmanager/alertmanager.yml" -> edit(source, text, this::alertmanager);
                case "loki/loki.yaml" -> edit(source, text, d -> set(d, hours(values.retention().logs()),
                        "limits_config", "retention_period"));
                case "tempo/tempo.yaml" -> edit(source, text, d -> set(d, hours(values.retention().traces()),
                        "compactor", "compaction", "block_retention"));
                case "smokeping/smokeping.yml" -> edit(source, text, this::smokeping);
                case "mtr-analyzer/targets.yaml" -> edit(source, text, this::mtr);
                default -> text;
            });
        });
        return out;
    }

    private interface Edit {
        void apply(YamlDoc doc);
    }

    private static String edit(String source, String text, Edit edit) {
        YamlDoc doc = YamlDoc.of(source, text);
        edit.apply(doc);
        return doc.text();
    }

    private void prometheus(YamlDoc doc) {
        Map<String, Object> global = map(doc, doc.tree(), "global");
        map(doc, global, "external_labels").put("cluster", values.clusterName());
        String interval = values.scrapeIntervals().defaultInterval();
        global.put("scrape_interval", interval);
        global.put("evaluation_interval", interval);
        clampTimeout(global, interval);
        List<String> namespaces = new ArrayList<>(values.discoveryNamespaces());
        int discoveryLists = 0;
        for (Object o : list(doc, doc.tree(), "scrape_configs")) {
            Map<String, Object> job = asMap(doc, o, "scrape_configs");
            Object shipped = job.get("scrape_interval");
            if (base.scrapeIntervals().infrastructure().equals(shipped)) {
                job.put("scrape_interval", values.scrapeIntervals().infrastructure());
            } else if (base.scrapeIntervals().network().equals(shipped)) {
                job.put("scrape_interval", values.scrapeIntervals().network());
            }
            if (job.get("scrape_interval") instanceof String jobInterval) {
                clampTimeout(job, jobInterval);
            }
            for (Object sd : job.get("kubernetes_sd_configs") instanceof List<?> l ? l : List.of()) {
                if (asMap(doc, sd, "kubernetes_sd_configs").get("namespaces") instanceof Map<?, ?> ns
                        && base.discoveryNamespaces().equals(ns.get("names"))) {
                    putInto(ns, "names", namespaces);
                    discoveryLists++;
                }
            }
            if (job.get("static_configs") instanceof List<?> groups && !groups.isEmpty()
                    && groups.stream().allMatch(g -> g instanceof Map<?, ?> m && m.get("labels") instanceof Map<?, ?> labels
                    && labels.containsKey("module"))) {
                probeGroups(job);
            }
        }
        if (discoveryLists == 0) {
            throw ObsException.internal(doc.source() + ": no kubernetes_sd_configs namespace list equal to the base profile's"
                    + " discovery.namespaces to replace", null);
        }
    }

    private void probeGroups(Map<String, Object> job) {
        List<Object> groups = new ArrayList<>();
        values.probes().forEach((module, targets) -> {
            if (!targets.isEmpty()) {
                Map<String, Object> group = new LinkedHashMap<>();
                group.put("targets", new ArrayList<>(targets));
                group.put("labels", new LinkedHashMap<>(Map.of("module", module)));
                groups.add(group);
            }
        });
        if (groups.isEmpty()) {
            job.remove("static_configs");
        } else {
            job.put("static_configs", groups);
        }
    }

    /** Prometheus rejects an explicit scrape_timeout longer than its interval. */
    private static void clampTimeout(Map<String, Object> section, String interval) {
        if (section.get("scrape_timeout") instanceof String timeout
                && Durations.parse(timeout).compareTo(Durations.parse(interval)) > 0) {
            section.put("scrape_timeout", interval);
        }
    }

    private void alertmanager(YamlDoc doc) {
        Values.Alerting a = values.alerting();
        Map<String, Object> global = map(doc, doc.tree(), "global");
        setOrRemove(global, "smtp_smarthost", a.smtpSmarthost());
        setOrRemove(global, "smtp_from", a.emailFrom());
        setOrRemove(global, "smtp_auth_username", a.smtpUsername());
        for (Object o : list(doc, doc.tree(), "receivers")) {
            Map<String, Object> receiver = asMap(doc, o, "receivers");
            integration(doc, receiver, "webhook_configs", "url", a.webhookUrl());
            integration(doc, receiver, "email_configs", "to", a.emailTo());
            if (receiver.containsKey("slack_configs")) {
                String name = String.valueOf(receiver.get("name"));
                String channel = a.slackChannels().get(name);
                if (channel == null) {
                    throw ObsException.internal(doc.source() + ": receiver '" + name + "' has Slack but alerting.slackChannels has no '"
                            + name + "' key", null);
                }
                integration(doc, receiver, "slack_configs", "channel", channel);
            }
        }
    }

    /** Sets {@code field} in every config of an integration, or removes the integration when the value is empty. */
    private static void integration(YamlDoc doc, Map<String, Object> receiver, String key, String field, String value) {
        if (!receiver.containsKey(key)) {
            return;
        }
        if (value.isEmpty()) {
            receiver.remove(key);
            return;
        }
        for (Object config : list(doc, receiver, key)) {
            asMap(doc, config, key).put(field, value);
        }
    }

    private void smokeping(YamlDoc doc) {
        List<Object> targets = list(doc, doc.tree(), "targets");
        if (targets.isEmpty()) {
            throw ObsException.internal(doc.source() + ": no target group to write the hosts into", null);
        }
        asMap(doc, targets.get(0), "targets").put("hosts", new ArrayList<>(values.smokepingTargets()));
    }

    /** For each {name, host}: one path:// and one icmp:// target shaped like the shipped ones. */
    private void mtr(YamlDoc doc) {
        List<Object> shipped = list(doc, doc.tree(), "targets");
        List<Object> targets = new ArrayList<>();
        for (Values.MtrTarget t : values.mtrTargets()) {
            for (String scheme : List.of("path", "icmp")) {
                Map<String, Object> template = shipped.stream().map(o -> asMap(doc, o, "targets"))
                        .filter(m -> String.valueOf(m.get("target")).startsWith(scheme + "://")).findFirst()
                        .orElseThrow(() -> ObsException.internal(doc.source() + ": no " + scheme + ":// target to copy", null));
                Map<String, Object> target = new LinkedHashMap<>(template);
                target.put("target", scheme + "://" + t.host());
                Map<String, Object> labels = template.get("labels") instanceof Map<?, ?> l ? copy(l) : new LinkedHashMap<>();
                labels.put("destination", t.name());
                target.put("labels", labels);
                targets.add(target);
            }
        }
        doc.tree().put("targets", targets);
    }

    /** Loki and Tempo take retention in hours; Profiles has checked that it is a whole number of them. */
    private static String hours(String retention) {
        return Durations.parse(retention).toHours() + "h";
    }

    private static void set(YamlDoc doc, String value, String... path) {
        Map<String, Object> m = doc.tree();
        for (int i = 0; i < path.length - 1; i++) {
            m = map(doc, m, path[i]);
        }
        if (!m.containsKey(path[path.length - 1])) {
            throw ObsException.internal(doc.source() + ": no " + String.join(".", path) + " to set", null);
        }
        m.put(path[path.length - 1], value);
    }

    private static void setOrRemove(Map<String, Object> m, String key, String value) {
        if (value.isEmpty()) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
    }

    @SuppressWarnings("unchecked")
    private static void putInto(Map<?, ?> m, String key, Object value) {
        ((Map<String, Object>) m).put(key, value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<?, ?> m) {
        return new LinkedHashMap<>((Map<String, Object>) m);
    }

    private static Map<String, Object> map(YamlDoc doc, Map<String, Object> parent, String key) {
        return asMap(doc, parent.get(key), key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(YamlDoc doc, Object o, String key) {
        if (!(o instanceof Map<?, ?>)) {
            throw ObsException.internal(doc.source() + ": expected a mapping at '" + key + "'", null);
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(YamlDoc doc, Map<String, Object> parent, String key) {
        if (!(parent.get(key) instanceof List<?> l)) {
            throw ObsException.internal(doc.source() + ": expected a list at '" + key + "'", null);
        }
        return (List<Object>) l;
    }
}
