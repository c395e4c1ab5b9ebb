package obs.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Every file under manifests/ parses, and every Kubernetes object is well-formed, named and labelled. */
class ManifestObjectsTest {

    @Test
    void everyYamlAndJsonFileParses() throws IOException {
        List<String> problems = new ArrayList<>();
        int count = 0;
        try (Stream<Path> s = Files.walk(Manifests.dir())) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                try {
                    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                        Manifests.loadAll(Manifests.read(p));
                        count++;
                    } else if (name.endsWith(".json")) {
                        Serialization.jsonMapper().readTree(Manifests.read(p));
                        count++;
                    }
                } catch (RuntimeException e) {
                    problems.add(Manifests.rel(p) + ": " + e.getMessage());
                }
            }
        }
        assertTrue(count > 40, "expected the whole stack under manifests/, found " + count + " files");
        assertEquals(List.of(), problems);
    }

    @Test
    void everyObjectDeserializesIntoFabric8sModelWithoutUnknownFields() {
        List<String> problems = new ArrayList<>();
        for (Manifests.ObjectFile f : Manifests.objectFiles()) {
            HasMetadata o = f.object();
            if (o instanceof GenericKubernetesResource) {
                problems.add(f.where() + ": kind " + o.getKind() + " is not a known Kubernetes type");
                continue;
            }
            // fabric8 keeps fields its model does not know in additionalProperties: a misspelt field
            // (readOnlyRootFilesytem) would otherwise pass silently and be ignored by the API server.
            unknownFields(o, f.where(), problems, 0);
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void fileNamesFollowComponentDashKind() {
        List<String> problems = new ArrayList<>();
        for (Manifests.ObjectFile f : Manifests.objectFiles()) {
            String expected = f.folder() + "-" + f.object().getKind().toLowerCase(Locale.ROOT) + ".yaml";
            if (!f.path().getFileName().toString().equals(expected)) {
                problems.add(f.where() + ": should be named " + expected);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyObjectCarriesTheRecommendedLabels() {
        List<String> problems = new ArrayList<>();
        for (Manifests.ObjectFile f : Manifests.objectFiles()) {
            checkLabels(f.where(), f.folder(), f.object().getMetadata().getLabels(), problems);
            if (f.object() instanceof StatefulSet s) {
                for (PersistentVolumeClaim pvc : s.getSpec().getVolumeClaimTemplates()) {
                    checkLabels(f.where() + " volumeClaimTemplate " + pvc.getMetadata().getName(), f.folder(),
                            pvc.getMetadata().getLabels(), problems);
                }
            }
        }
        for (Manifests.Workload w : Manifests.workloads()) {
            Map<String, String> template = podTemplateLabels(w);
            checkLabels(w.where() + " pod template", w.file().folder(), template, problems);
            Map<String, String> selector = selector(w);
            if (!selector.equals(Map.of("app.kubernetes.io/name", w.file().folder(), "app.kubernetes.io/part-of", "obs"))) {
                problems.add(w.where() + ": selector must be exactly name + part-of (it is immutable), is " + selector);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void namespacesComeOnlyFromKustomize() {
        List<String> problems = new ArrayList<>();
        for (Manifests.ObjectFile f : Manifests.objectFiles()) {
            if (f.object().getMetadata().getNamespace() != null) {
                problems.add(f.where() + ": hard-coded metadata.namespace");
            }
            if (!Manifests.NAMESPACE.equals(Manifests.kustomization(f.folder()).get("namespace"))) {
                problems.add(f.folder() + "/kustomization.yaml: namespace must be " + Manifests.NAMESPACE);
            }
            List<Subject> subjects = f.object() instanceof ClusterRoleBinding crb ? crb.getSubjects()
                    : f.object() instanceof RoleBinding rb ? rb.getSubjects() : List.of();
            for (Subject s : subjects) {
                if (!"ServiceAccount".equals(s.getKind()) || !Manifests.NAMESPACE.equals(s.getNamespace())) {
                    problems.add(f.where() + ": subject must be a ServiceAccount in " + Manifests.NAMESPACE);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void clusterScopedNamesCannotCollideWithOtherInstallations() {
        List<String> problems = new ArrayList<>();
        for (Manifests.ObjectFile f : Manifests.objectFiles()) {
            HasMetadata o = f.object();
            boolean clusterScoped = o instanceof ClusterRole || o instanceof ClusterRoleBinding;
            if (clusterScoped && !o.getMetadata().getName().equals("obs-" + f.folder())) {
                problems.add(f.where() + ": cluster-scoped objects are named obs-<component>");
            }
            if (!clusterScoped && !(o instanceof Namespace) && !f.folder().equals("network-policies")
                    && !o.getMetadata().getName().equals(f.folder())) {
                problems.add(f.where() + ": namespaced objects are named after their component");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void rbacGrantsNoSecretsAndNoNodeProxy() {
        List<String> problems = new ArrayList<>();
        for (Manifests.ObjectFile f : Manifests.objectFiles()) {
            List<PolicyRule> rules = f.object() instanceof ClusterRole cr ? cr.getRules()
                    : f.object() instanceof io.fabric8.kubernetes.api.model.rbac.Role r ? r.getRules() : List.of();
            for (PolicyRule rule : rules) {
                for (String res : rule.getResources()) {
                    if (res.equals("secrets") || res.equals("nodes/proxy") || res.equals("*")) {
                        problems.add(f.where() + ": grants " + res);
                    }
                }
                for (String verb : rule.getVerbs()) {
                    if (verb.equals("*")) {
                        problems.add(f.where() + ": grants every verb");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void imagesArePinnedFullyQualifiedAndMatchTheVersionLabel() {
        List<String> problems = new ArrayList<>();
        for (Manifests.Workload w : Manifests.workloads()) {
            for (Container c : w.pod().getContainers()) {
                String image = c.getImage();
                int slash = image.lastIndexOf('/');
                int colon = image.lastIndexOf(':');
                String registry = image.substring(0, image.indexOf('/') < 0 ? 0 : image.indexOf('/'));
                if (colon < slash || colon < 0) {
                    problems.add(w.where() + " container " + c.getName() + ": image " + image + " has no tag");
                    continue;
                }
                String tag = image.substring(colon + 1);
                if (tag.equals("latest") || tag.isBlank()) {
                    problems.add(w.where() + " container " + c.getName() + ": image " + image + " is not pinned");
                }
                if (!registry.contains(".")) {
                    problems.add(w.where() + " container " + c.getName() + ": image " + image
                            + " must name its registry, so a mirror can be substituted");
                }
                String version = w.file().object().getMetadata().getLabels().get("app.kubernetes.io/version");
                if (!tag.replaceFirst("^v", "").equals(version)) {
                    problems.add(w.where() + ": version label " + version + " does not match image tag " + tag);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void servicesAreClusterIpAndPointAtDeclaredContainerPorts() {
        List<String> problems = new ArrayList<>();
        int services = 0;
        for (Manifests.ObjectFile f : Manifests.objectFiles()) {
            if (!(f.object() instanceof Service svc)) {
                continue;
            }
            services++;
            String type = svc.getSpec().getType();
            if (type != null && !type.equals("ClusterIP")) {
                problems.add(f.where() + ": type " + type + "; exposure is the installer's decision");
            }
            Set<String> containerPorts = new HashSet<>();
            Manifests.workloads().stream().filter(w -> w.file().folder().equals(f.folder()))
                    .flatMap(w -> w.pod().getContainers().stream())
                    .flatMap(c -> c.getPorts().stream())
                    .map(ContainerPort::getName).forEach(containerPorts::add);
            if (containerPorts.isEmpty()) {
                problems.add(f.where() + ": no workload in " + f.folder() + " backs this Service");
            }
            for (ServicePort p : svc.getSpec().getPorts()) {
                if (p.getNodePort() != null) {
                    problems.add(f.where() + ": port " + p.getName() + " pins a nodePort");
                }
                if (p.getName() == null || p.getTargetPort() == null
                        || !containerPorts.contains(p.getTargetPort().getStrVal())) {
                    problems.add(f.where() + ": port " + p.getName() + " must target a named container port");
                }
            }
        }
        assertTrue(services >= Manifests.TIERS.size(), "every component has a Service");
        assertEquals(List.of(), problems);
    }

    @Test
    void noTemplatingOutsidePrometheusAlertAnnotations() throws IOException {
        List<String> problems = new ArrayList<>();
        Path rules = Manifests.folder("prometheus").resolve("rules");
        try (Stream<Path> s = Files.walk(Manifests.dir())) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (p.startsWith(rules) || p.getFileName().toString().endsWith(".md")) {
                    continue;
                }
                String text = Manifests.read(p);
                if (p.startsWith(Manifests.folder("grafana").resolve("dashboards"))) {
                    // A panel legend names its series with Grafana's own {{label}}, filled in per series at display.
                    text = text.replaceAll("\"legendFormat\": \"(\\\\.|[^\"\\\\])*\"", "");
                }
                if (text.contains("{{") || text.contains("{%")) {
                    problems.add(Manifests.rel(p) + ": contains template syntax");
                }
                if (text.contains("TODO") || text.contains("FIXME")) {
                    problems.add(Manifests.rel(p) + ": contains a TODO");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyComponentHasItsFolder() {
        for (String component : Manifests.TIERS.keySet()) {
            assertTrue(Files.isRegularFile(Manifests.folder(component).resolve("kustomization.yaml")),
                    "manifests/" + component + "/kustomization.yaml");
        }
        for (String folder : Manifests.kustomizeFolders()) {
            assertTrue(Manifests.TIERS.containsKey(folder) || Manifests.SUPPORT_FOLDERS.contains(folder),
                    "manifests/" + folder + " is not a known component");
        }
        assertFalse(Files.exists(Manifests.folder("profiles").resolve("kustomization.yaml")),
                "profiles/ is data for the installer, never applied");
    }

    // ------------------------------------------------------------------ helpers

    private static void checkLabels(String where, String folder, Map<String, String> labels, List<String> problems) {
        if (labels == null) {
            problems.add(where + ": no labels");
            return;
        }
        for (String key : Manifests.LABEL_KEYS) {
            if (!labels.containsKey(key) || labels.get(key).isBlank()) {
                problems.add(where + ": missing label " + key);
            }
        }
        String tier = Manifests.TIERS.getOrDefault(folder, "core");
        expect(where, labels, "app.kubernetes.io/name", folder, problems);
        expect(where, labels, "app.kubernetes.io/component", tier, problems);
        expect(where, labels, "app.kubernetes.io/part-of", "obs", problems);
        expect(where, labels, "app.kubernetes.io/managed-by", "obs", problems);
    }

    private static void expect(String where, Map<String, String> labels, String key, String value, List<String> problems) {
        if (labels.containsKey(key) && !value.equals(labels.get(key))) {
            problems.add(where + ": label " + key + " is " + labels.get(key) + ", expected " + value);
        }
    }

    private static Map<String, String> podTemplateLabels(Manifests.Workload w) {
        HasMetadata o = w.file().object();
        if (o instanceof io.fabric8.kubernetes.api.model.apps.Deployment d) {
            return d.getSpec().getTemplate().getMetadata().getLabels();
        } else if (o instanceof StatefulSet s) {
            return s.getSpec().getTemplate().getMetadata().getLabels();
        }
        return ((io.fabric8.kubernetes.api.model.apps.DaemonSet) o).getSpec().getTemplate().getMetadata().getLabels();
    }

    private static Map<String, String> selector(Manifests.Workload w) {
        HasMetadata o = w.file().object();
        if (o instanceof io.fabric8.kubernetes.api.model.apps.Deployment d) {
            return d.getSpec().getSelector().getMatchLabels();
        } else if (o instanceof StatefulSet s) {
            return s.getSpec().getSelector().getMatchLabels();
        }
        return ((io.fabric8.kubernetes.api.model.apps.DaemonSet) o).getSpec().getSelector().getMatchLabels();
    }

    /** Collects additionalProperties anywhere in a fabric8 model tree: fields the model does not know. */
    private static void unknownFields(Object o, String path, List<String> problems, int depth) {
        if (o == null || depth > 40) {
            return;
        }
        if (o instanceof Collection<?> col) {
            int i = 0;
            for (Object e : col) {
                unknownFields(e, path + "[" + i++ + "]", problems, depth + 1);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                unknownFields(e.getValue(), path + "." + e.getKey(), problems, depth + 1);
            }
            return;
        }
        if (!o.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getDeclaringClass() == Object.class
                    || java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            Object v;
            try {
                v = m.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + extra.keySet());
                }
            } else if (v != o) {
                unknownFields(v, path + "." + m.getName().substring(3), problems, depth + 1);
            }
        }
    }
}
