package obs.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import obs.cli.Console;
import obs.cli.OutputOptions;
import obs.stack.Stack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package install with services kept stopped, run against a fake apt-get that records what it saw: the
 * policy-rc.d in place while it runs, the admin's own policy back afterwards, update-and-retry on failure.
 */
class PackagesTest {
    @TempDir
    Path dir;

    /** A fake apt-get: logs its arguments and the policy file it finds, fails the first {@code failures} installs. */
    private Path fakeAptGet(int failures) throws IOException {
        Path script = dir.resolve("apt-get");
        Files.writeString(script, """
                #!/bin/sh
                echo "args: $*" >> "%1$s/log"
                echo "policy: $(sed -n 3p "%1$s/policy-rc.d" 2>/dev/null)" >> "%1$s/log"
                if [ "$1" = install ] && [ "$(grep -c '^args: install' "%1$s/log")" -le %2$d ]; then exit 100; fi
                exit 0
                """.formatted(dir, failures));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static Console quiet() {
        return new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), new OutputOptions(), false, null);
    }

    @Test
    void servicesAreDeniedWhileAptRunsAndTheAdminsPolicyComesBack() throws IOException {
        Path policy = Files.writeString(dir.resolve("policy-rc.d"), "#!/bin/sh\n# the admin's own\nexit 0\n");
        assertTrue(Packages.install(List.of("prometheus", "fping"), quiet(), policy, fakeAptGet(0).toString()));
        assertEquals("""
                args: install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confold prometheus fping
                policy: exit 101
                """, Files.readString(dir.resolve("log")));
        assertEquals("#!/bin/sh\n# the admin's own\nexit 0\n", Files.readString(policy));
        assertFalse(Files.exists(dir.resolve("policy-rc.d.obs-backup")));
    }

    @Test
    void aFailedInstallRunsUpdateAndTriesOnceMoreThenLeavesNoPolicyBehind() throws IOException {
        Path policy = dir.resolve("policy-rc.d");
        assertTrue(Packages.install(List.of("fping"), quiet(), policy, fakeAptGet(1).toString()));
        List<String> args = Files.readAllLines(dir.resolve("log")).stream().filter(l -> l.startsWith("args: ")).toList();
        assertEquals(List.of("args: install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confold fping",
                "args: update -qq", "args: install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confold fping"), args);
        assertFalse(Files.exists(policy), "no policy was there before, none is left");

        assertFalse(Packages.install(List.of("fping"), quiet(), policy, fakeAptGet(5).toString()), "a second failure is reported");
        assertFalse(Files.exists(policy));
    }

    @Test
    void aFreshMachineGetsTheProbeToolsTheMtrAnalyzerRuns() {
        var local = Stack.COMPONENTS.stream().filter(c -> c.local() != null).toList();
        List<String> all = Packages.missing(local, binary -> Optional.empty());
        assertTrue(all.containsAll(List.of("prometheus", "fping", "mtr-tiny")), all.toString());
        assertEquals(all.size(), all.stream().distinct().count(), all.toString());

        var analyzerOnly = local.stream().filter(c -> c.name().equals("mtr-analyzer")).toList();
        assertEquals(List.of("fping", "mtr-tiny"), Packages.missing(analyzerOnly, binary -> Optional.empty()));
        assertEquals(List.of("mtr-tiny"), Packages.missing(analyzerOnly,
                binary -> binary.equals("fping") ? Optional.of(Path.of("/usr/bin/fping")) : Optional.empty()));
        var withoutAnalyzer = local.stream().filter(c -> !c.name().equals("mtr-analyzer")).toList();
        assertFalse(Packages.missing(withoutAnalyzer, binary -> Optional.empty()).contains("fping"),
                "only the mtr-analyzer needs the probe tools");
    }
}
