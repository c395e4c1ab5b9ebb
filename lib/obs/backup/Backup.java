package obs.backup;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import obs.access.StackAccess;
import obs.backup.BackupMetrics.Outcome;
import obs.backup.Manifest.GrafanaFacts;
import obs.backup.Manifest.PrometheusFacts;
import obs.cli.Console;
import obs.core.Exit;
import obs.core.ObsException;
import obs.grafana.GrafanaAuth;
import obs.grafana.GrafanaClient;
import obs.grafana.GrafanaConnect;
import obs.stack.Component;
import obs.stack.Stack;

/**
 * {@code backup}: one set with every part asked for, written under a hidden name and renamed only when complete
 * and read back; then retention, then the result for cron (metrics file, Pushgateway). Any failure leaves no set
 * (exit 1), and the metrics still say so.
 */
public final class Backup {
    public static final String OBS_VERSION = obs.core.ObsVersion.VERSION;
    /** Keys of the JSON inside secrets.pgp. */
    static final String SECRETS_CONTACT_POINTS = "grafanaContactPoints";
    static final String SECRETS_KUBERNETES = "kubernetesSecrets";
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private Backup() {
    }

    /**
     * @param prometheusData the local Prometheus' data folder (sandbox or --prometheus-data-dir); null in a cluster
     * @param sandboxState   the sandbox's state folder, whose configs are the config part; null otherwise
     * @param parallel       Grafana requests at once
     */
    public record Options(Path target, Set<Part> parts, Integer keep, Integer keepDays, Compression compression, Path metricsFile,
                          URI pushgateway, GrafanaAuth grafana, Path prometheusData, Path sandboxState,
                          int parallel, char[] secretsKey) {
        /** Secrets are saved (encrypted) only when the user gave a key: --include-secrets with --secrets-key-file. */
        boolean includeSecrets() {
            return secretsKey != null;
        }
    }

    /** What a run produced. */
    public record Result(Path set, long bytes, Duration took, Map<String, Double> partSeconds, List<Path> pruned, Manifest manifest) {
    }

    public static Result run(StackAccess access, Options o, Console console) {
        Instant started = Instant.now();
        String namespace = access.namespace() != null ? access.namespace() : access.mode().toString();
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<String, Long> bytes = new LinkedHashMap<>();
        Result result = null;
        RuntimeException failure = null;
        try {
            result = write(access, o, console, namespace, started, seconds, bytes);
        } catch (ObsException e) {
            failure = e.exit() == Exit.USAGE ? e : new ObsException(Exit.PROBLEM, "backup failed, nothing was kept: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            failure = e.getMessage() == null ? ObsException.internal("backup failed, nothing was kept: " + e, e)
                    : new ObsException(Exit.PROBLEM, "backup failed, nothing was kept: " + e.getMessage(), e);
        }
        report(o, namespace, started, seconds, bytes, failure == null, console);
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    private static Result write(StackAccess access, Options o, Console console, String namespace, Instant started,
                                Map<String, Double> seconds, Map<String, Long> bytes) {
        String name = namespace + "-" + STAMP.format(started);
        try (SetWriter set = SetWriter.start(o.target(), name)) {
            Map<String, String> versions = new LinkedHashMap<>();
            PrometheusFacts prometheus = null;
            GrafanaFacts grafana = null;
            Map<String, Object> secrets = new LinkedHashMap<>();
            for (Part part : o.parts()) {
                long t0 = System.nanoTime();
                long b0 = set.bytes();
                console.progress(part.word() + ": saving");
                try {
                    switch (part) {
                        case PROMETHEUS -> {
                            PrometheusCounts counts = new PrometheusCounts(route(access, "prometheus"));
                            versions.put("prometheus", counts.version());
                            prometheus = PrometheusPart.backup(snapshots(access, o), counts, set, o.compression());
                        }
                        case GRAFANA -> {
                            try (GrafanaClient client = GrafanaConnect.open(access, o.grafana())) {
                                GrafanaPart.Saved saved = GrafanaPart.backup(client, set, o.parallel(), o.includeSecrets());
                                grafana = saved.facts();
                                if (saved.contactPointSecrets() != null) {
                                    secrets.put(SECRETS_CONTACT_POINTS, saved.contactPointSecrets());
                                }
                                versions.put("grafana", saved.version());
                            }
                        }
                        case ALERTMANAGER -> versions.put("alertmanager", AlertmanagerPart.backup(route(access, "alertmanager"), set));
                        case CONFIG -> {
                            if (access.kube() != null) {
                                var clusterSecrets = ConfigPart.cluster(access.kube(), access.namespace(), set, o.includeSecrets());
                                if (o.includeSecrets()) {
                                    secrets.put(SECRETS_KUBERNETES, clusterSecrets);
                                }
                            } else if (o.sandboxState() != null) {
                                ConfigPart.sandbox(o.sandboxState(), set);
                            } else {
                                throw ObsException.usage("the config part needs a cluster or the sandbox: give --only without config");
                            }
                        }
                    }
                } catch (IOException e) {
                    throw BackupFailure.io(part.word(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw ObsException.problem(part.word() + ": interrupted");
                } catch (ObsException e) {
                    throw e.exit() == Exit.USAGE ? e : new ObsException(e.exit(), part.word() + ": " + e.getMessage(), e);
                } catch (RuntimeException e) {
                    throw e.getMessage() == null ? e : new ObsException(Exit.PROBLEM, part.word() + ": " + e.getMessage(), e);
                } finally {
                    console.progressDone();
                }
                seconds.put(part.word(), (System.nanoTime() - t0) / 1e9);
                bytes.put(part.word(), set.bytes() - b0);
                console.info(part.word() + ": saved " + human(set.bytes() - b0) + " in " + String.format("%.1f s", seconds.get(part.word())));
            }
            if (o.includeSecrets()) {
                try {
                    set.bytes(SecretsBox.FILE, SecretsBox.seal(obs.core.Json.mapper().writeValueAsBytes(secrets), o.secretsKey()));
                } catch (IOException e) {
                    throw BackupFailure.io("writing " + SecretsBox.FILE, e);
                }
            }
            Manifest manifest = new Manifest(Manifest.FORMAT, OBS_VERSION, source(access, namespace), versions, started.toString(),
                    Instant.now().toString(), o.parts().stream().map(Part::word).toList(), o.compression().word(), o.includeSecrets(),
                    set.files(), prometheus, grafana);
            Path done;
            try {
                done = set.complete(manifest);
            } catch (IOException e) {
                throw BackupFailure.io("completing the set", e);
            }
            List<Path> pruned;
            try {
                pruned = Retention.prune(o.target(), namespace, o.keep(), o.keepDays(), done, Instant.now());
            } catch (IOException e) {
                console.warn("the set is complete, but pruning old sets failed: " + BackupFailure.reason(e));
                pruned = List.of();
            }
            pruned.forEach(p -> console.info("pruned " + p.getFileName()));
            return new Result(done, set.bytes(), Duration.between(started, Instant.now()), seconds, pruned, manifest);
        }
    }

    private static void report(Options o, String namespace, Instant started, Map<String, Double> seconds, Map<String, Long> bytes,
                               boolean success, Console console) {
        if (o.metricsFile() == null && o.pushgateway() == null) {
            return;
        }
        double now = System.currentTimeMillis() / 1000.0;
        List<Outcome> outcomes = new ArrayList<>();
        for (Part p : o.parts()) {
            outcomes.add(new Outcome(p.word(), success, seconds.getOrDefault(p.word(), 0.0), bytes.getOrDefault(p.word(), 0L)));
        }
        outcomes.add(new Outcome("all", success, Duration.between(started, Instant.now()).toMillis() / 1000.0,
                bytes.values().stream().mapToLong(Long::longValue).sum()));
        if (o.metricsFile() != null) {
            try {
                BackupMetrics.writeFile(o.metricsFile(), namespace, now, outcomes);
            } catch (IOException | ObsException e) {
                console.warn("cannot write the metrics file " + o.metricsFile() + ": " + e.getMessage());
            }
        }
        if (o.pushgateway() != null) {
            try {
                BackupMetrics.push(o.pushgateway(), namespace, now, outcomes);
            } catch (IOException e) {
                console.warn("cannot push to " + o.pushgateway() + ": " + BackupFailure.reason(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static obs.access.Endpoints.Route route(StackAccess access, String name) {
        Component c = Stack.get(name);
        return access.endpoints().route(c, c.httpPort()).orElseThrow(() -> ObsException.usage(
                "no way to reach " + name + ": give --endpoint " + name + "=URL, the sandbox, or a cluster"));
    }

    /**
     * Without --only: the parts whose component is there (a profile may leave Grafana out; the sandbox has none), each
     * left-out one said once; the config part always.
     */
    public static Set<Part> installedParts(StackAccess access, boolean sandbox, Console console) {
        Set<Part> parts = java.util.EnumSet.of(Part.CONFIG);
        for (Part p : List.of(Part.PROMETHEUS, Part.GRAFANA, Part.ALERTMANAGER)) {
            if (access.installed().contains(p.word())) {
                parts.add(p);
            } else {
                console.info(p.word() + ": not " + (sandbox ? "in the sandbox" : "installed") + ", not saved");
            }
        }
        if (access.kube() == null && !sandbox) {
            parts.remove(Part.CONFIG);
        }
        return parts;
    }

    /** A component's base URL for requests other than GET (POSTs to Prometheus' and Alertmanager's APIs). */
    static URI baseUrl(StackAccess access, String name) {
        Component c = Stack.get(name);
        try {
            return access.endpoints().baseUrl(c, c.httpPort()).orElseThrow(() -> ObsException.usage(
                    "no way to reach " + name + ": give --endpoint " + name + "=URL, the sandbox, or a cluster"));
        } catch (obs.access.Endpoints.RouteFailure e) {
            throw ObsException.unreachable(e.getMessage(), e);
        }
    }

    private static SnapshotSource snapshots(StackAccess access, Options o) {
        if (o.prometheusData() != null) {
            return new LocalSnapshots(baseUrl(access, "prometheus"), o.prometheusData());
        }
        if (access.kube() != null) {
            return new ClusterSnapshots(access.kube(), access.namespace());
        }
        throw ObsException.usage("a Prometheus snapshot is copied from its data folder: give --prometheus-data-dir, use the sandbox, or a cluster");
    }

    private static Manifest.Source source(StackAccess access, String namespace) {
        String cluster = access.kube() != null ? access.kube().getConfiguration().getMasterUrl() : null;
        return new Manifest.Source(access.mode().toString(), cluster, namespace);
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        int unit = (63 - Long.numberOfLeadingZeros(bytes)) / 10;
        return String.format("%.1f %siB", bytes / Math.pow(1024, unit), "KMGTPE".charAt(unit - 1));
    }
}
