package obs.install;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import obs.core.ObsVersion;
import obs.kube.ServerSideApply;
import obs.manifests.Checksums;
import obs.manifests.Rendered;
import obs.values.Profiles;
import obs.values.Values;

/**
 * What an install records about itself in the cluster, so that a backup saves it and a restore can say how to
 * install the same again. ConfigMap {@value #CONFIG_MAP}: the obs version, profile, component selection, mirror,
 * install time and the effective values with every secret-like value {@value Profiles#REDACTED}. Secret
 * {@value #SECRET}: the values the user gave on top of the profile (values files, --set, the namespace argument), in
 * clear, which only a Secret may hold. Both are applied with the rest of the install, labelled part-of=obs, so
 * uninstall removes them and a backup with --include-secrets seals the Secret.
 */
public final class InstallRecord {
    public static final String CONFIG_MAP = "obs-install";
    public static final String SECRET = "obs-install-values";
    public static final String VERSION = "obs-version";
    public static final String PROFILE = "profile";
    /** When an install last changed the record: a re-install with the same inputs keeps it, so it changes nothing. */
    public static final String INSTALLED_AT = "installed-at";
    public static final String VALUES = "values.yaml";
    public static final String ONLY = "only";
    public static final String SKIP = "skip";
    public static final String REGISTRY = "registry";
    /** The record's folder in the render: no manifests folder has this name, so install never prunes the record. */
    static final String FOLDER = "obs";
    /** Sorted, so that the rendered hash is the same in every run. */
    private static final Map<String, String> LABELS = new TreeMap<>(Map.of("app.kubernetes.io/name", "obs",
            "app.kubernetes.io/component", "install-record", "app.kubernetes.io/part-of", "obs", "app.kubernetes.io/managed-by", "obs"));

    private InstallRecord() {
    }

    /**
     * The render with the record appended. Equivalent to {@code kubectl get configmap obs-install} (for its time)
     * followed by rendering the two objects.
     */
    static Rendered add(Rendered rendered, Profiles profiles, InstallOptions o, String namespaceArgument, Values values,
                        KubernetesClient client, Instant now) {
        String namespace = values.namespace();
        Map<String, String> data = new LinkedHashMap<>();
        data.put(VERSION, ObsVersion.VERSION);
        data.put(PROFILE, o.profile);
        data.put(INSTALLED_AT, now.truncatedTo(ChronoUnit.SECONDS).toString());
        // Every key is written, empty when not given: an apply that merges (rather than one that drops the fields a
        // manager no longer sets) would otherwise keep an earlier install's --skip in the record.
        data.put(ONLY, String.join(",", o.only));
        data.put(SKIP, String.join(",", o.skip));
        data.put(REGISTRY, o.registry == null ? "" : o.registry);
        data.put(VALUES, "# The effective values of this installation. Secret-like values (" + String.join(", ", profiles.secretKeys())
                + ") read " + Profiles.REDACTED + ";\n# Secret " + SECRET + " holds the values given on top of profile " + o.profile
                + " in clear.\n" + profiles.redactedYaml(values));
        ConfigMap live = live(client, namespace);
        if (live != null && live.getData() != null && live.getData().get(INSTALLED_AT) != null && sameInputs(live.getData(), data)) {
            data.put(INSTALLED_AT, live.getData().get(INSTALLED_AT));
        }
        ConfigMap map = new ConfigMapBuilder().withNewMetadata().withName(CONFIG_MAP).withNamespace(namespace).withLabels(LABELS).endMetadata()
                .withData(data).build();
        String given = profiles.givenYaml(o.valuesFiles, o.allSets(), namespaceArgument);
        Secret secret = new SecretBuilder().withNewMetadata().withName(SECRET).withNamespace(namespace).withLabels(LABELS).endMetadata()
                .withType("Opaque").withData(Map.of(VALUES, Base64.getEncoder().encodeToString(given.getBytes(StandardCharsets.UTF_8)))).build();
        List<Rendered.Item> items = new ArrayList<>(rendered.items());
        for (HasMetadata object : List.<HasMetadata>of(map, secret)) {
            Checksums.rendered(object);
            items.add(new Rendered.Item(FOLDER, object));
        }
        return new Rendered(List.copyOf(items));
    }

    /**
     * How to install the same again from a restored record, into {@code namespace}: the profile and options it names,
     * with the values of Secret {@value #SECRET} (the NAMESPACE argument wins over the namespace they may hold).
     */
    public static String reinstall(Map<String, String> record, String namespace) {
        StringBuilder sb = new StringBuilder("kubectl -n " + namespace + " get secret " + SECRET + " -o jsonpath='{.data.values\\.yaml}'"
                + " | base64 -d > values.yaml && jbang install " + namespace + " --profile " + record.getOrDefault(PROFILE, Profiles.BASE)
                + " -f values.yaml");
        if (!record.getOrDefault(ONLY, "").isEmpty()) {
            sb.append(" --only ").append(record.get(ONLY));
        }
        if (!record.getOrDefault(SKIP, "").isEmpty()) {
            sb.append(" --skip ").append(record.get(SKIP));
        }
        if (!record.getOrDefault(REGISTRY, "").isEmpty()) {
            sb.append(" --registry ").append(record.get(REGISTRY));
        }
        return sb.toString();
    }

    /** Whether two records name the same version, profile, options and values, whenever they were installed. */
    public static boolean sameInputs(Map<String, String> a, Map<String, String> b) {
        Map<String, String> x = new LinkedHashMap<>(a == null ? Map.of() : a);
        Map<String, String> y = new LinkedHashMap<>(b == null ? Map.of() : b);
        x.remove(INSTALLED_AT);
        y.remove(INSTALLED_AT);
        return Objects.equals(x, y);
    }

    private static ConfigMap live(KubernetesClient client, String namespace) {
        try {
            return client.configMaps().inNamespace(namespace).withName(CONFIG_MAP).get();
        } catch (KubernetesClientException e) {
            throw ServerSideApply.failure(e, "get", new ConfigMapBuilder().withNewMetadata().withName(CONFIG_MAP).withNamespace(namespace)
                    .endMetadata().build());
        }
    }
}
