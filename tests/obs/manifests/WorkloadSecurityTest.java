package obs.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/**
 * Walks every container of every workload and checks the security, resource and probe rules.
 * Each failure names the file and the container.
 */
class WorkloadSecurityTest {

    /** Workloads that call the Kubernetes API and therefore mount a service-account token. */
    private static final Set<String> API_USERS = Set.of("prometheus", "alloy", "kube-state-metrics", "discovery");

    /** Probers that send ICMP through unprivileged sockets and so need the ping_group_range sysctl. */
    private static final Set<String> ICMP_PROBERS = Set.of("blackbox-exporter", "smokeping", "mtr-analyzer");

    @Test
    void everyContainerIsLockedDown() {
        List<String> problems = new ArrayList<>();
        List<Manifests.Workload> workloads = Manifests.workloads();
        assertTrue(workloads.size() >= Manifests.TIERS.size(), "one workload per component");
        for (Manifests.Workload w : workloads) {
            PodSpec pod = w.pod();
            PodSecurityContext psc = pod.getSecurityContext();
            List<Container> all = Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).toList();
            for (Container c : all) {
                String id = w.where() + " container " + c.getName() + ": ";
                SecurityContext sc = c.getSecurityContext();
                if (sc == null) {
                    problems.add(id + "no securityContext");
                    continue;
                }
                boolean nonRoot = Boolean.TRUE.equals(sc.getRunAsNonRoot())
                        || (sc.getRunAsNonRoot() == null && psc != null && Boolean.TRUE.equals(psc.getRunAsNonRoot()));
                Long uid = sc.getRunAsUser() != null ? sc.getRunAsUser() : psc == null ? null : psc.getRunAsUser();
                if (!nonRoot || Objects.equals(uid, 0L)) {
                    problems.add(id + "must run as non-root");
                }
                if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
                    problems.add(id + "readOnlyRootFilesystem must be true");
                }
                if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                    problems.add(id + "allowPrivilegeEscalation must be false");
                }
                if (Boolean.TRUE.equals(sc.getPrivileged())) {
                    problems.add(id + "privileged");
                }
                Capabilities caps = sc.getCapabilities();
                if (caps == null || !caps.getDrop().contains("ALL")) {
                    problems.add(id + "capabilities must drop ALL");
                } else {
                    for (String add : caps.getAdd()) {
                        if (!add.equals("NET_RAW")) {
                            problems.add(id + "adds capability " + add);
                        } else if (!w.file().text().matches("(?s).*#[^\\n]*NET_RAW.*")) {
                            problems.add(id + "adds NET_RAW without a comment saying why");
                        }
                    }
                }
                SeccompProfile seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile()
                        : psc == null ? null : psc.getSeccompProfile();
                if (seccomp == null || !"RuntimeDefault".equals(seccomp.getType())) {
                    problems.add(id + "seccompProfile must be RuntimeDefault");
                }
                checkResources(id, c, problems);
            }
            for (Container c : pod.getContainers()) {
                String id = w.where() + " container " + c.getName() + ": ";
                checkProbe(id, "liveness", c.getLivenessProbe(), c, problems);
                checkProbe(id, "readiness", c.getReadinessProbe(), c, problems);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void onlyComponentsThatUseTheApiGetAToken() {
        List<String> problems = new ArrayList<>();
        Set<String> accounts = new HashSet<>();
        for (Manifests.ObjectFile f : Manifests.objectFiles()) {
            if (f.object() instanceof ServiceAccount sa) {
                accounts.add(sa.getMetadata().getName());
                if (!Boolean.FALSE.equals(sa.getAutomountServiceAccountToken())) {
                    problems.add(f.where() + ": the ServiceAccount must not mount tokens by default; the pod decides");
                }
            }
        }
        for (Manifests.Workload w : Manifests.workloads()) {
            String component = w.file().folder();
            Boolean automount = w.pod().getAutomountServiceAccountToken();
            boolean expected = API_USERS.contains(component);
            if (!Objects.equals(automount, expected)) {
                problems.add(w.where() + ": automountServiceAccountToken must be " + expected);
            }
            if (!component.equals(w.pod().getServiceAccountName()) || !accounts.contains(component)) {
                problems.add(w.where() + ": runs as its own ServiceAccount " + component);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void hostAccessIsLimitedToTheNodeAgents() {
        List<String> problems = new ArrayList<>();
        for (Manifests.Workload w : Manifests.workloads()) {
            String component = w.file().folder();
            PodSpec pod = w.pod();
            boolean hostNamespaces = component.equals("node-exporter");
            if (Boolean.TRUE.equals(pod.getHostNetwork()) != hostNamespaces
                    || Boolean.TRUE.equals(pod.getHostPID()) != hostNamespaces) {
                problems.add(w.where() + ": host network and PID namespaces are for node-exporter only");
            }
            if (Boolean.TRUE.equals(pod.getHostIPC())) {
                problems.add(w.where() + ": hostIPC");
            }
            Set<String> hostPathVolumes = new HashSet<>();
            for (Volume v : pod.getVolumes()) {
                if (v.getHostPath() != null) {
                    hostPathVolumes.add(v.getName());
                }
            }
            boolean mayUseHostPaths = component.equals("node-exporter") || component.equals("alloy");
            if (!hostPathVolumes.isEmpty() && !mayUseHostPaths) {
                problems.add(w.where() + ": hostPath volumes " + hostPathVolumes);
            }
            for (Container c : pod.getContainers()) {
                for (VolumeMount m : c.getVolumeMounts()) {
                    if (hostPathVolumes.contains(m.getName()) && !Boolean.TRUE.equals(m.getReadOnly())) {
                        problems.add(w.where() + " container " + c.getName() + ": host path " + m.getMountPath()
                                + " must be read-only");
                    }
                }
            }
            if (pod.getSecurityContext() != null && !pod.getSecurityContext().getSupplementalGroups().isEmpty()
                    && !component.equals("alloy")) {
                problems.add(w.where() + ": supplementalGroups are only for the log agent's read access");
            }
            if ("DaemonSet".equals(w.kind())) {
                boolean toleratesAll = pod.getTolerations().stream()
                        .anyMatch(t -> "Exists".equals(t.getOperator()) && t.getKey() == null && t.getEffect() == null);
                if (!toleratesAll) {
                    problems.add(w.where() + ": a node agent must tolerate every taint");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void icmpWorksThroughTheSysctlAndNothingElseIsTuned() {
        List<String> problems = new ArrayList<>();
        for (Manifests.Workload w : Manifests.workloads()) {
            PodSecurityContext psc = w.pod().getSecurityContext();
            List<Sysctl> sysctls = psc == null ? List.of() : psc.getSysctls();
            boolean ping = sysctls.stream().anyMatch(s -> s.getName().equals("net.ipv4.ping_group_range")
                    && s.getValue().equals("0 2147483647"));
            if (ICMP_PROBERS.contains(w.file().folder()) != ping) {
                problems.add(w.where() + ": net.ipv4.ping_group_range belongs to exactly the ICMP probers " + ICMP_PROBERS);
            }
            for (Sysctl s : sysctls) {
                if (!s.getName().equals("net.ipv4.ping_group_range")) {
                    problems.add(w.where() + ": unexpected sysctl " + s.getName());
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void persistentStorageOnlyInStatefulSets() {
        List<String> problems = new ArrayList<>();
        Set<String> services = new HashSet<>();
        Manifests.objectFiles().stream().filter(f -> f.object().getKind().equals("Service"))
                .forEach(f -> services.add(f.object().getMetadata().getName()));
        for (Manifests.Workload w : Manifests.workloads()) {
            for (Volume v : w.pod().getVolumes()) {
                if (v.getPersistentVolumeClaim() != null) {
                    problems.add(w.where() + ": a PVC belongs in a StatefulSet's volumeClaimTemplates");
                }
            }
            if (w.file().object() instanceof StatefulSet s) {
                if (s.getSpec().getVolumeClaimTemplates().isEmpty()) {
                    problems.add(w.where() + ": a StatefulSet without storage should be a Deployment");
                }
                if (!services.contains(s.getSpec().getServiceName())) {
                    problems.add(w.where() + ": serviceName " + s.getSpec().getServiceName() + " has no Service");
                }
                for (PersistentVolumeClaim pvc : s.getSpec().getVolumeClaimTemplates()) {
                    if (pvc.getSpec().getStorageClassName() != null) {
                        problems.add(w.where() + ": the storage class comes from the profile, not the manifest");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void resourcesAreTheDefaultProfilesSize() {
        List<String> problems = new ArrayList<>();
        String size = String.valueOf(Manifests.defaultProfile().get("size"));
        Map<String, Object> sizes = Manifests.map(Manifests.sizes().get(size), "sizes." + size);
        for (Manifests.Workload w : Manifests.workloads()) {
            String component = w.file().folder();
            Map<String, Object> want = Manifests.map(sizes.get(component), "sizes." + size + "." + component);
            if (w.pod().getContainers().size() != 1 || !w.pod().getContainers().get(0).getName().equals(component)) {
                problems.add(w.where() + ": one container, named " + component + ", so sizes apply unambiguously");
                continue;
            }
            Container c = w.pod().getContainers().get(0);
            same(w.where(), "cpu request", want.get("cpuRequest"), c.getResources().getRequests().get("cpu"), problems);
            same(w.where(), "cpu limit", want.get("cpuLimit"), c.getResources().getLimits().get("cpu"), problems);
            same(w.where(), "memory request", want.get("memoryRequest"), c.getResources().getRequests().get("memory"), problems);
            same(w.where(), "memory limit", want.get("memoryLimit"), c.getResources().getLimits().get("memory"), problems);
            if (w.file().object() instanceof StatefulSet s) {
                Quantity storage = s.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests().get("storage");
                same(w.where(), "storage", want.get("storage"), storage, problems);
            }
            if (want.containsKey("retentionSize")
                    && !c.getArgs().contains("--storage.tsdb.retention.size=" + want.get("retentionSize"))) {
                problems.add(w.where() + ": --storage.tsdb.retention.size must be " + want.get("retentionSize"));
            }
        }
        assertEquals(List.of(), problems);
    }

    private static void same(String where, String what, Object want, Quantity got, List<String> problems) {
        if (want == null || got == null
                || Quantity.getAmountInBytes(new Quantity(String.valueOf(want))).compareTo(Quantity.getAmountInBytes(got)) != 0) {
            problems.add(where + ": " + what + " is " + got + ", sizes.yaml says " + want);
        }
    }

    private static void checkResources(String id, Container c, List<String> problems) {
        if (c.getResources() == null) {
            problems.add(id + "no resources");
            return;
        }
        for (String kind : List.of("cpu", "memory")) {
            Quantity request = c.getResources().getRequests().get(kind);
            Quantity limit = c.getResources().getLimits().get(kind);
            if (request == null || limit == null) {
                problems.add(id + kind + " request and limit are both required");
            } else if (Quantity.getAmountInBytes(request).compareTo(Quantity.getAmountInBytes(limit)) > 0) {
                problems.add(id + kind + " request exceeds its limit");
            }
        }
    }

    private static void checkProbe(String id, String kind, Probe probe, Container c, List<String> problems) {
        if (probe == null) {
            problems.add(id + "no " + kind + " probe");
            return;
        }
        if (probe.getHttpGet() == null && probe.getTcpSocket() == null && probe.getExec() == null && probe.getGrpc() == null) {
            problems.add(id + kind + " probe has no handler");
            return;
        }
        if (probe.getHttpGet() != null) {
            String port = probe.getHttpGet().getPort().getStrVal();
            boolean declared = c.getPorts().stream().map(ContainerPort::getName).anyMatch(n -> Objects.equals(n, port));
            if (!declared) {
                problems.add(id + kind + " probe uses port " + probe.getHttpGet().getPort() + ", not a named container port");
            }
        }
    }
}
