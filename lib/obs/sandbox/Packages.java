package obs.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import obs.cli.Console;
import obs.exec.Tools;
import obs.stack.Component;

/** Installs the Debian packages the sandbox needs, without letting their scripts start daemons. */
final class Packages {
    static final Path POLICY_RC_D = Path.of("/usr/sbin/policy-rc.d");

    private Packages() {
    }

    /**
     * The tools obs's own probe exporter (the sandbox's mtr-analyzer) runs for its icmp and path probes,
     * binary to Debian package; without them its first probes end in warnings.
     */
    static final List<Component.Local> PROBE_TOOLS = List.of(new Component.Local("fping", "fping"),
            new Component.Local("mtr-tiny", "mtr"));

    /**
     * The Debian packages the wanted components need whose binaries {@code find} does not locate: each
     * component's own, plus fping and mtr for the mtr-analyzer and the database server for a database exporter.
     *
     * @param find looks a binary up (Tools.find; a test passes its own)
     */
    static List<String> missing(List<Component> wanted, Function<String, Optional<Path>> find) {
        return wanted.stream().flatMap(c -> c.local().isObsCommand() ? PROBE_TOOLS.stream()
                        : Stream.concat(Stream.of(c.local()), Databases.of(c).map(Databases.Server::server).stream()))
                .filter(tool -> find.apply(tool.binary()).isEmpty()).map(Component.Local::debianPackage).distinct().toList();
    }

    /** The command a user runs to install the packages. */
    static String command(List<String> packages) {
        return "sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends " + String.join(" ", packages);
    }

    /** Whether this process may install packages itself: root on Debian or Ubuntu with apt-get. */
    static boolean canInstall() {
        return "root".equals(System.getProperty("user.name")) && Files.exists(Path.of("/etc/debian_version"))
                && Tools.find("apt-get").isPresent();
    }

    /**
     * Runs apt-get with a policy-rc.d that denies every service start: the packages' postinst scripts
     * would otherwise start Prometheus and friends on their default ports, on every interface.
     * Any existing policy-rc.d is put back afterwards.
     */
    static boolean install(List<String> packages, Console console) {
        return install(packages, console, POLICY_RC_D, "apt-get");
    }

    /** {@link #install(List, Console)} with the policy file and apt-get given (a test runs a fake apt-get). */
    static boolean install(List<String> packages, Console console, Path policy, String aptGet) {
        Path backup = policy.resolveSibling("policy-rc.d.obs-backup");
        try {
            boolean had = Files.exists(policy);
            if (had) {
                Files.move(policy, backup, StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                Files.writeString(policy, "#!/bin/sh\n# written by obs sandbox while installing packages\nexit 101\n");
                Files.setPosixFilePermissions(policy, PosixFilePermissions.fromString("rwxr-xr-x"));
                console.info("installing " + String.join(" ", packages) + " (services kept stopped)");
                if (apt(aptGet, packages).exit() != 0) {
                    console.info("apt-get install failed; running apt-get update and trying again");
                    apt(aptGet, List.of());
                    return apt(aptGet, packages).exit() == 0;
                }
                return true;
            } finally {
                Files.deleteIfExists(policy);
                if (had) {
                    Files.move(backup, policy);
                }
            }
        } catch (IOException e) {
            console.warn("cannot install packages: " + e.getMessage());
            return false;
        }
    }

    private static Tools.Result apt(String aptGet, List<String> packages) {
        List<String> cmd = new ArrayList<>(List.of("env", "DEBIAN_FRONTEND=noninteractive", aptGet));
        if (packages.isEmpty()) {
            cmd.addAll(List.of("update", "-qq"));
        } else {
            cmd.addAll(List.of("install", "-y", "-qq", "--no-install-recommends", "-o", "Dpkg::Options::=--force-confold"));
            cmd.addAll(packages);
        }
        return Tools.run(Duration.ofMinutes(10), "apt", cmd);
    }
}
