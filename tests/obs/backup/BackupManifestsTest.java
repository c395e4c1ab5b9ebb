package obs.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.ArrayList;
import java.util.List;
import obs.cli.Cli;
import obs.manifests.Rendered;
import obs.render.Rendering;
import org.junit.jupiter.api.Test;

/** The optional backup CronJob: off by default, least-privilege RBAC, and arguments the backup command accepts. */
class BackupManifestsTest {
    @Test
    void offByDefaultOnWhenTheProfileSaysSo() {
        assertTrue(Rendering.names(Rendering.render("default")).stream().noneMatch(n -> n.startsWith("backup:")));
        List<String> on = Rendering.names(Rendering.render("default", "components.backup=true"));
        assertTrue(on.containsAll(List.of("backup:CronJob/backup", "backup:PersistentVolumeClaim/backup", "backup:Role/backup",
                "backup:NetworkPolicy/backup")), on.toString());
    }

    @Test
    void theRoleAllowsExecIntoPrometheusAndNoSecrets() {
        Role role = Rendering.find(Rendering.render("default", "components.backup=true"), Role.class, "backup");
        for (PolicyRule r : role.getRules()) {
            assertFalse(r.getResources().contains("secrets"), "no Secrets: " + r);
            assertFalse(r.getVerbs().contains("*") || r.getVerbs().contains("delete") || r.getVerbs().contains("update"), r.toString());
            if (r.getResources().contains("pods/exec") || r.getResources().contains("pods")) {
                assertEquals(List.of("prometheus-0"), r.getResourceNames(), "exec into Prometheus only: " + r);
            }
        }
        assertTrue(role.getRules().stream().anyMatch(r -> r.getResources().contains("pods/exec") && r.getVerbs().contains("create")));
        // Verify's scratch pod stays out of the job: RBAC cannot limit creating pods to one name.
        assertTrue(role.getRules().stream().noneMatch(r -> r.getResources().contains("pods") && r.getVerbs().contains("create")), role.toString());
        List<String> args = Rendering.find(Rendering.render("default", "components.backup=true"), CronJob.class, "backup")
                .getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
        assertFalse(args.contains("verify"), args.toString());
    }

    @Test
    void theCronJobsArgumentsAreOnesBackupAccepts() throws Exception {
        Rendered r = Rendering.render("default", "components.backup=true");
        CronJob job = Rendering.find(r, CronJob.class, "backup");
        assertEquals("Forbid", job.getSpec().getConcurrencyPolicy());
        var container = job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
        List<String> args = new ArrayList<>(container.getArgs());
        assertEquals("backup", args.removeFirst());
        args.replaceAll(a -> a.replace("$(POD_NAMESPACE)", "obs"));
        Object command = Class.forName("Backup").getDeclaredConstructor().newInstance();
        var parsed = Cli.commandLine(command).parseArgs(args.toArray(String[]::new));
        assertTrue(parsed.hasMatchedOption("--to") && parsed.hasMatchedOption("--pushgateway") && parsed.hasMatchedOption("--keep"));
        assertTrue(args.contains("--grafana-password-file=/etc/grafana-admin/admin-password"));
        assertTrue(container.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/etc/grafana-admin")));
    }
}
