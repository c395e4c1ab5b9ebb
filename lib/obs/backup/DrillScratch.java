package obs.backup;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import obs.access.Endpoints;
import obs.cli.Console;
import obs.cli.KubeOptions;
import obs.cli.RepoRoot;
import obs.core.Exit;
import obs.core.ObsException;
import obs.exec.Tools;
import obs.kube.Kube;
import obs.manifests.ImageMirror;
import obs.sandbox.ScratchPrometheus;
import obs.stack.Stack;

/**
 * Where {@code backup verify}'s restore drill runs, decided before anything is copied: a local Prometheus from the
 * Debian package on a scratch copy, or a throwaway pod in the stack's namespace ({@link ScratchPod}). Unless one is
 * asked for: local when the binary is here, else a pod when a cluster is configured and answers; cluster options
 * (--kubeconfig, --context, -n, --registry) ask for the pod, so a mistyped context fails rather than being ignored.
 */
public final class DrillScratch implements AutoCloseable {
    /** --scratch: auto, local or pod. */
    public enum Kind { auto, local, pod }

    /** A scratch Prometheus serving a copy of the snapshot. */
    interface Scratch extends AutoCloseable {
        Endpoints.Route route();

        /** What it is, for messages: the local process or the pod's name. */
        String describe();

        @Override
        void close();
    }

    private final Kind kind;
    private final KubernetesClient client;
    private final String namespace;
    private final Container shipped;
    private final Path binary;

    private DrillScratch(Kind kind, KubernetesClient client, String namespace, Container shipped, Path binary) {
        this.kind = kind;
        this.client = client;
        this.namespace = namespace;
        this.shipped = shipped;
        this.binary = binary;
    }

    /** Decides with this host's PATH, environment and home folder. */
    public static DrillScratch choose(Kind asked, KubeOptions kube, String registry, Manifest manifest) {
        String local = Stack.get("prometheus").local().binary();
        return choose(asked, kube, registry, manifest, Tools.find(local), System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static DrillScratch choose(Kind asked, KubeOptions kube, String registry, Manifest manifest, Optional<Path> binary,
                               Map<String, String> env, Path home) {
        String clusterOption = kube.context != null ? "--context" : kube.kubeconfig != null ? "--kubeconfig"
                : kube.namespace != null ? "--namespace" : registry != null ? "--registry" : null;
        var pkg = Stack.get("prometheus").local();
        if (asked == Kind.local) {
            if (clusterOption != null) {
                throw ObsException.usage(clusterOption + " does not apply to --scratch local: the drill runs on this host");
            }
            return new DrillScratch(Kind.local, null, null, null,
                    binary.orElseThrow(() -> Tools.missing(pkg.binary(), pkg.debianPackage())));
        }
        if (asked == Kind.auto && clusterOption == null && binary.isPresent()) {
            return new DrillScratch(Kind.local, null, null, null, binary.get());
        }
        String mirror = registry == null ? null : ImageMirror.check(registry);
        boolean podAsked = asked == Kind.pod || clusterOption != null;
        KubernetesClient client;
        try {
            client = Kube.connect(kube, env, home);
        } catch (ObsException e) {
            if (e.exit() != Exit.UNREACHABLE) {
                throw e;
            }
            // Kube's own words for "no kubeconfig" point at --sandbox, which verify does not have.
            String why = configured(kube, env, home) ? e.getMessage()
                    : "no kubeconfig (--kubeconfig, $KUBECONFIG, " + home.resolve(".kube/config") + ") and not running in a pod";
            throw ObsException.unreachable(podAsked ? "no cluster for the scratch pod: " + why
                    : "no scratch Prometheus for the restore drill: " + pkg.binary() + " is not installed here (apt-get install -y "
                    + pkg.debianPackage() + ", for --scratch local), and no cluster for --scratch pod: " + why, e);
        }
        try {
            return new DrillScratch(Kind.pod, client, namespace(kube, manifest), ScratchPod.shipped(RepoRoot.find().resolve("manifests"), mirror), null);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static boolean configured(KubeOptions kube, Map<String, String> env, Path home) {
        try {
            Kube.config(kube, env, home);
            return true;
        } catch (ObsException e) {
            return false;
        }
    }

    /** -n, else the namespace the set was taken from when it came from a cluster, else obs's default. */
    private static String namespace(KubeOptions kube, Manifest manifest) {
        Manifest.Source source = manifest.source();
        boolean fromCluster = source != null && "cluster".equals(source.mode()) && source.namespace() != null;
        return kube.namespace != null || !fromCluster ? kube.namespace(null) : KubeOptions.validNamespace(source.namespace());
    }

    /** What the drill will run on, for the line that says so before it starts. */
    public String describe() {
        return kind == Kind.local ? "a local Prometheus (" + binary + ")"
                : "a throwaway pod in namespace " + namespace + " (" + shipped.getImage() + ", the shipped manifests' pinned image)";
    }

    /** Starts a scratch Prometheus on a copy of the set's snapshot; ready to be counted. */
    Scratch start(Path set, Compression compression, long snapshotBytes, Console console) throws IOException, InterruptedException {
        if (kind == Kind.pod) {
            return ScratchPod.start(client, namespace, shipped, set, compression, snapshotBytes, console);
        }
        Path scratch = Files.createTempDirectory("obs-verify-");
        try {
            console.progress("prometheus: copying the snapshot for the drill");
            SnapshotFiles.materialize(set, compression, scratch.resolve("data"));
            console.progress("prometheus: starting a scratch Prometheus");
            ScratchPrometheus p = ScratchPrometheus.start(scratch.resolve("data"), scratch.resolve("work"));
            Endpoints.Route route = new Endpoints(Map.of("prometheus", p.url()), null, null, false)
                    .route(Stack.get("prometheus"), Stack.get("prometheus").httpPort()).orElseThrow();
            return new Scratch() {
                @Override
                public Endpoints.Route route() {
                    return route;
                }

                @Override
                public String describe() {
                    return "local Prometheus " + p.url();
                }

                @Override
                public void close() {
                    p.close();
                    SetWriter.deleteTree(scratch);
                }
            };
        } catch (IOException | InterruptedException | RuntimeException e) {
            SetWriter.deleteTree(scratch);
            throw e;
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
