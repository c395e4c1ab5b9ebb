package obs.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import obs.access.StackAccess;
import obs.backup.RestoreReport.Action;
import obs.cli.Console;
import obs.core.Exit;
import obs.core.Json;
import obs.core.ObsException;
import obs.grafana.GrafanaAuth;
import obs.grafana.GrafanaClient;
import obs.grafana.GrafanaConnect;
import obs.sandbox.LocalStack;
import tools.jackson.databind.JsonNode;

/**
 * {@code restore}: the set's manifest and every checksum first (a damaged or incomplete set is refused, naming the
 * file, before anything is touched), then each part asked for, in the order Prometheus, Grafana, Alertmanager
 * (silences), config (ConfigMaps, and the Secrets of secrets.pgp with the key, in a cluster).
 */
public final class Restore {
    private Restore() {
    }

    /**
     * @param sandbox the sandbox to restore Prometheus into (its state folder and repo), or null
     * @param secrets --secrets FILE, or null
     */
    public record Options(Path set, Set<Part> parts, boolean dryRun, boolean force, Path secrets, boolean interactive,
                          GrafanaAuth grafana, LocalStack.Options sandbox, Path prometheusData, char[] secretsKey) {
    }

    public static RestoreReport run(StackAccess access, Options o, Console console) {
        Manifest manifest = Manifest.read(o.set());
        List<String> damaged = SetCheck.problems(o.set(), manifest);
        if (!damaged.isEmpty()) {
            throw ObsException.problem("refusing a damaged set, nothing was changed: " + damaged.getFirst()
                    + (damaged.size() > 1 ? " (and " + (damaged.size() - 1) + " more)" : ""));
        }
        Set<Part> held = EnumSet.noneOf(Part.class);
        manifest.parts().forEach(p -> held.add(Part.valueOf(p.toUpperCase(java.util.Locale.ROOT))));
        Set<Part> parts = EnumSet.copyOf(o.parts());
        boolean all = o.parts().size() == Part.values().length;
        if (!all && !held.containsAll(parts)) {
            parts.removeAll(held);
            throw ObsException.usage("the set holds no " + parts.iterator().next().word() + " (it holds " + manifest.parts() + ")");
        }
        parts.retainAll(held);
        Set<Part> notBuilt = EnumSet.noneOf(Part.class);
        if (access.kube() == null && parts.contains(Part.CONFIG)) {
            notBuilt.add(Part.CONFIG);
        }
        notBuilt.retainAll(parts);
        if (!notBuilt.isEmpty()) {
            if (!all) {
                throw ObsException.usage("restoring the config part outside a cluster is not built yet; its files are in "
                        + o.set().resolve(ConfigPart.DIR));
            }
            parts.removeAll(notBuilt);
            console.info("the config part is restored only into a cluster; its files are in " + o.set().resolve(ConfigPart.DIR));
        }
        JsonNode sealed = sealed(o, manifest, parts, console);
        RestoreReport report = new RestoreReport(o.set(), o.dryRun());
        for (Part part : parts) {
            try {
                switch (part) {
                    case PROMETHEUS -> prometheus(access, o, manifest, report, console);
                    case GRAFANA -> {
                        try (GrafanaClient client = GrafanaConnect.open(access, o.grafana())) {
                            RestoreSecrets secrets = RestoreSecrets.from(o.secrets(), o.interactive());
                            new GrafanaRestore(client, o.set(), o.dryRun(), o.force(), report).run(sealed == null ? secrets : secrets.withSealed(sealed));
                        }
                    }
                    case ALERTMANAGER -> OtherRestore.silences(Backup.baseUrl(access, "alertmanager"), o.set(), o.dryRun(), report);
                    case CONFIG -> {
                        OtherRestore.configMaps(access.kube(), access.namespace(), o.set(), o.dryRun(), o.force(), report);
                        if (sealed != null) {
                            SecretRestore.run(access.kube(), access.namespace(), sealed.path(Backup.SECRETS_KUBERNETES), o.dryRun(), o.force(), report);
                        }
                        OtherRestore.installRecord(access.kube(), o.set(), access.namespace(), report);
                    }
                }
            } catch (IOException e) {
                report.add(part.word(), "all", Action.FAILED, BackupFailure.reason(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                report.add(part.word(), "all", Action.FAILED, "interrupted");
            } catch (ObsException e) {
                if (e.exit() == Exit.USAGE || e.exit() == Exit.UNREACHABLE) {
                    throw e;
                }
                report.add(part.word(), "all", Action.FAILED, e.getMessage());
            }
        }
        return report;
    }

    /**
     * The set's secrets.pgp opened with --secrets-key-file, for the parts that use it (Grafana's contact points, the
     * config part's Secrets), or null. Opened before any part is restored: a wrong key changes nothing.
     */
    private static JsonNode sealed(Options o, Manifest manifest, Set<Part> parts, Console console) {
        if (!parts.contains(Part.GRAFANA) && !parts.contains(Part.CONFIG)) {
            return null;
        }
        if (!manifest.secretsEncrypted()) {
            if (o.secretsKey() != null) {
                console.warn("--secrets-key-file: the set holds no " + SecretsBox.FILE + " (it was made without --include-secrets): "
                        + "no secret comes from the set");
            }
            return null;
        }
        if (o.secretsKey() == null) {
            console.info("the set holds " + SecretsBox.FILE + " (encrypted contact point secrets and the stack's Secrets): "
                    + "--secrets-key-file restores them from it");
            return null;
        }
        try {
            return Json.mapper().readTree(SecretsBox.open(Files.readAllBytes(o.set().resolve(SecretsBox.FILE)), o.secretsKey()));
        } catch (IOException e) {
            throw ObsException.problem("cannot read " + SecretsBox.FILE + ": " + BackupFailure.reason(e) + "; nothing was changed");
        } catch (ObsException e) {
            throw new ObsException(e.exit(), e.getMessage() + "; nothing was changed", null);
        }
    }

    private static void prometheus(StackAccess access, Options o, Manifest manifest, RestoreReport report, Console console)
            throws IOException, InterruptedException {
        Compression compression = Compression.of(manifest);
        if (manifest.prometheus() == null || !SnapshotFiles.present(o.set(), compression)) {
            throw ObsException.problem("the set's manifest names prometheus but it holds no snapshot"
                    + (compression == Compression.NONE ? "" : " " + compression.archive()));
        }
        if (access.kube() != null) {
            new ClusterRestore(access.kube(), access.namespace()).prometheus(o.set(), compression, manifest.prometheus(), Backup.route(access, "prometheus"),
                    o.dryRun(), o.force(), report, console);
            return;
        }
        if (o.sandbox() == null || o.prometheusData() == null) {
            throw ObsException.usage("restoring Prometheus needs the sandbox (--sandbox or --state-dir) or a cluster");
        }
        PrometheusRestore.local(o.set(), compression, manifest.prometheus(), o.sandbox(), o.prometheusData(), Backup.route(access, "prometheus"),
                o.dryRun(), o.force(), report, console);
    }
}
