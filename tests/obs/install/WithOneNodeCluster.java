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

    @AfterEach
    void stopCluster() {
        cluster.close();
    }
}
