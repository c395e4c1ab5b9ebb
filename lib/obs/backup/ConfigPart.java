package obs.backup;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import obs.access.StackAccess;
import obs.kube.Kube;
import obs.stack.Component;
import obs.stack.Stack;

/**
 * The stack's configuration. In a cluster: every ConfigMap obs installed (configs, rule files, dashboards, probe
 * modules, the install record {@code obs-install} with the profile and redacted values) as YAML without the server's
 * bookkeeping, and with secrets the stack's Secrets: obs's own (the install's given values among them) and every one
 * its workloads use (returned to the caller for the encrypted file, never written in clear). In the sandbox: each
 * component's generated config folder.
 */
final class ConfigPart {
    static final String DIR = "config";

    private ConfigPart() {
    }

    /** Writes the part; returns the Secrets by name when {@code secrets} (for secrets.pgp only), else an empty map. */
    static Map<String, SecretRestore.Sealed> cluster(KubernetesClient client, String namespace, SetWriter set, boolean secrets)
            throws IOException {
        Map<String, SecretRestore.Sealed> secretData = new LinkedHashMap<>();
        try {
            List<ConfigMap> maps = client.configMaps().inNamespace(namespace).withLabelSelector(StackAccess.PART_OF).list().getItems();
            for (ConfigMap cm : maps) {
                ConfigMap copy = new ConfigMap();
                copy.setApiVersion("v1");
                copy.setKind("ConfigMap");
                copy.setMetadata(clean(cm.getMetadata()));
                copy.setData(cm.getData());
                copy.setBinaryData(cm.getBinaryData());
                String yaml = client.getKubernetesSerialization().asYaml(copy);
                set.bytes(DIR + "/configmaps/" + GrafanaPart.fileName(cm.getMetadata().getName()) + ".yaml", yaml.getBytes(StandardCharsets.UTF_8));
            }
            if (secrets) {
                for (Secret s : client.secrets().inNamespace(namespace).withLabelSelector(StackAccess.PART_OF).list().getItems()) {
                    secretData.put(s.getMetadata().getName(), SecretRestore.Sealed.of(s));
                }
                Set<String> used = new TreeSet<>(StackSecrets.referenced(client, namespace));
                used.add(obs.install.AdminSecret.NAME);
                used.removeAll(secretData.keySet());
                for (String name : used) {
                    Secret s = client.secrets().inNamespace(namespace).withName(name).get();
                    // A service account's token is minted by the cluster for the account, not restored.
                    if (s != null && s.getData() != null && !"kubernetes.io/service-account-token".equals(s.getType())) {
                        secretData.put(name, SecretRestore.Sealed.of(s));
                    }
                }
            }
        } catch (KubernetesClientException e) {
            throw Kube.explain(e, client);
        }
        return secretData;
    }

    private static ObjectMeta clean(ObjectMeta m) {
        ObjectMeta out = new ObjectMeta();
        out.setName(m.getName());
        out.setNamespace(m.getNamespace());
        out.setLabels(m.getLabels());
        return out;
    }

    /** The sandbox's generated configuration: STATE/COMPONENT/config/** for every component. */
    static void sandbox(Path stateDir, SetWriter set) throws IOException {
        for (Component c : Stack.COMPONENTS) {
            Path dir = stateDir.resolve(c.name()).resolve("config");
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                    String rel = DIR + "/sandbox/" + c.name() + "/" + dir.relativize(f).toString().replace('\\', '/');
                    Path to = set.root().resolve(rel);
                    Files.createDirectories(to.getParent());
                    set.add(Checksums.copy(f, to, rel));
                }
            }
        }
    }
}
