package obs.stack;

import java.util.List;

/**
 * One component of the stack, as every command sees it. The name is also the folder under manifests/,
 * the file under checks/, the Kubernetes workload and Service name, app.kubernetes.io/name, and the
 * Prometheus job name.
 *
 * @param name        component name, e.g. "prometheus"
 * @param tier        the design's tier
 * @param workload    the kind of workload that runs it
 * @param ports       named ports; the first one serves HTTP health and, where it has one, the API
 * @param healthPath  liveness endpoint on the first port
 * @param readyPath   readiness endpoint on the first port
 * @param local       how the sandbox runs it from a Debian package, or null when no package exists
 */
public record Component(String name, Tier tier, WorkloadKind workload, List<Port> ports, String healthPath,
                        String readyPath, Local local) {

    /** The design's tiers, in install order. */
    public enum Tier { core, enhanced, infrastructure, network, intelligence, database }

    /** The workload kinds obs deploys. */
    public enum WorkloadKind { Deployment, StatefulSet, DaemonSet }

    /** A named container port. */
    public record Port(String name, int number) {
    }

    /**
     * How the sandbox runs this component on a host: a Debian package's binary, or one of obs's own
     * commands (then both fields are null and the sandbox starts it on the JVM it runs on).
     *
     * @param debianPackage package name, e.g. prometheus-alertmanager
     * @param binary        executable the package installs
     */
    public record Local(String debianPackage, String binary) {
        /** A component that is an obs command, such as the mtr-analyzer (`probe serve`). */
        public static Local obsCommand() {
            return new Local(null, null);
        }

        public boolean isObsCommand() {
            return debianPackage == null;
        }
    }

    public Port httpPort() {
        return ports.get(0);
    }

    public String manifestsDir() {
        return "manifests/" + name;
    }

    public String checksFile() {
        return "checks/" + name + ".yaml";
    }

    /** The metric names this component produces at its pinned version, for where it does not run in the sandbox. */
    public String metricList() {
        return Stack.metricList(name);
    }
}
