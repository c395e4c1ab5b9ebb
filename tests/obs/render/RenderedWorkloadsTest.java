package obs.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import obs.kube.Workloads;
import obs.manifests.Rendered;
import obs.values.Sizes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the installer renders for every profile and size keeps the container rules of issue 3: locked-down
 * security contexts, the size's requests and limits, and health probes.
 */
class RenderedWorkloadsTest {
    static Stream<Arguments> profilesAndSizes() {
        return Stream.of("default", "calo-lab").flatMap(p -> Stream.of("small", "medium", "large").map(s -> Arguments.of(p, s)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("profilesAndSizes")
    void everyContainerIsLockedDownSizedAndProbed(String profile, String size) {
        Rendered r = Rendering.render(profile, "size=" + size, "components.mariadb-exporter=true", "components.redis-exporter=true");
        List<String> problems = new ArrayList<>();
        for (Rendered.Item w : r.workloads()) {
            PodSpec pod = Workloads.template(w.object()).orElseThrow().getSpec();
            var psc = pod.getSecurityContext();
            Sizes.Sizing want = Rendering.set().sizes().sizing(size, w.folder(), Map.of());
            for (Container c : Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).toList()) {
                String id = profile + "/" + size + " " + w.folder() + "/" + c.getName() + ": ";
                SecurityContext sc = c.getSecurityContext();
                boolean nonRoot = sc != null && Boolean.TRUE.equals(sc.getRunAsNonRoot())
                        || psc != null && Boolean.TRUE.equals(psc.getRunAsNonRoot());
                check(problems, nonRoot, id + "runs as root");
                check(problems, sc != null && Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem()), id + "writable root filesystem");
                check(problems, sc != null && Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation()), id + "may escalate privileges");
                check(problems, sc != null && sc.getCapabilities() != null && sc.getCapabilities().getDrop().contains("ALL")
                        && sc.getCapabilities().getAdd().stream().allMatch("NET_RAW"::equals), id + "capabilities");
                var seccomp = sc != null && sc.getSeccompProfile() != null ? sc.getSeccompProfile() : psc == null ? null : psc.getSeccompProfile();
                check(problems, seccomp != null && "RuntimeDefault".equals(seccomp.getType()), id + "seccomp");
                var res = c.getResources();
                check(problems, res != null && res.getRequests().keySet().containsAll(List.of("cpu", "memory"))
                        && res.getLimits().keySet().containsAll(List.of("cpu", "memory")), id + "requests and limits");
                if (c.getName().equals(w.folder())) {
                    check(problems, same(want.cpuLimit(), res.getLimits().get("cpu")) && same(want.memoryLimit(), res.getLimits().get("memory"))
                            && same(want.cpuRequest(), res.getRequests().get("cpu"))
                            && same(want.memoryRequest(), res.getRequests().get("memory")), id + "resources are not the size's " + want);
                }
            }
            for (Container c : pod.getContainers()) {
                check(problems, c.getLivenessProbe() != null && c.getReadinessProbe() != null, profile + "/" + size + " "
                        + w.folder() + "/" + c.getName() + ": liveness and readiness probes");
            }
        }
        assertEquals(List.of(), problems);
    }

    private static boolean same(String want, Quantity got) {
        return got != null && Quantity.getAmountInBytes(new Quantity(want)).compareTo(Quantity.getAmountInBytes(got)) == 0;
    }

    private static void check(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }
}
