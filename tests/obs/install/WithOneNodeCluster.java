package obs.install;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of the command tests that start from a fresh {@link MockCluster#oneNode} cluster and the base profile. */
abstract class WithOneNodeCluster {
    /** The base profile's namespace. */
    static final String NS = "kube-observability-stack";
    @TempDir Path tmp;
    MockCluster cluster;

    @BeforeEach
    void startCluster() {
        cluster = MockCluster.oneNode(tmp);
    }

    /** Runs install against the cluster with a 30 s deadline for the workloads. */
    MockCluster.Run install(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--timeout";
        all[args.length + 1] = "30s";
        return cluster.run("Install", all);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }
}
