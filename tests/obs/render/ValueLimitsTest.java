package obs.render;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Path;
import java.util.List;
import obs.core.ObsException;
import obs.exec.Tools;
import obs.install.MockCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Durations and sizes are accepted exactly when the component that reads them would accept them. */
class ValueLimitsTest {
    static String refused(String... sets) {
        return assertThrows(ObsException.class, () -> Rendering.values("default", sets)).getMessage();
    }

    @Test
    void aRetentionPrometheusCannotHoldIsExitTwoNamingTheKeyAndTheRange() {
        MockCluster.Run r = MockCluster.command("Install", "--dry-run", "--set", "retention.metrics=9999999999d");
        assertEquals(2, r.exit(), r.err());
        assertEquals("[obs] error: --set retention.metrics=9999999999d: retention.metrics: '9999999999d' is too long "
                + "(accepted: up to 106751d, as Prometheus, Loki and Tempo count in 64-bit nanoseconds)", r.err().lines().findFirst().orElse(""));
        assertEquals("", r.out());
    }

    @Test
    void twentyDigitsAreOutOfRangeNotANumberFormatError() {
        String m = refused("retention.metrics=99999999999999999999d");
        assertEquals("--set retention.metrics=99999999999999999999d: retention.metrics: '99999999999999999999d' is too long "
                + "(accepted: up to 106751d, as Prometheus, Loki and Tempo count in 64-bit nanoseconds)", m);
        assertFalse(refused("scrapeIntervals.default=99999999999999999999s").contains("For input string"));
    }

    @Test
    void zeroIsRefusedWhereItWouldMeanSomethingElse() {
        assertTrue(refused("retention.metrics=0s").endsWith("retention.metrics: must be more than 0"), refused("retention.metrics=0s"));
        assertTrue(refused("scrapeIntervals.network=0").endsWith("scrapeIntervals.network: must be more than 0"));
    }

    @Test
    void retentionSizeMustFitPrometheusBytes() {
        assertEquals("--set resources.prometheus.retentionSize=99999999999999999999GB: resources.prometheus.retentionSize: "
                + "'99999999999999999999GB' is too large (accepted: up to 7EB; Prometheus counts bytes in 64 bits, KB = 1024 B)",
                refused("resources.prometheus.retentionSize=99999999999999999999GB"));
        assertTrue(refused("resources.prometheus.retentionSize=8EB").contains("is too large"));
        assertDoesNotThrow(() -> Rendering.values("default", "resources.prometheus.retentionSize=7EB"));
    }

    /** Whatever obs accepts for retention.metrics, the Prometheus binary accepts as its flag, and the reverse. */
    @ParameterizedTest
    @ValueSource(strings = {"15d", "1h30m", "90s", "1y2w3d4h5m6s7ms", "106751d", "292y", "1h1d", "1d1d", "106752d", "293y",
        "9999999999d", "99999999999999999999d", "15", "15D", "1.5h", "-1d"})
    void prometheusAgreesOnRetention(String value) {
        Path prometheus = RenderedConfigValidatorsTest.tool("prometheus");
        Tools.Result r = Tools.run(RenderedConfigValidatorsTest.TIMEOUT, "prometheus", List.of(prometheus.toString(),
                "--storage.tsdb.retention.time=" + value, "--config.file=/nonexistent/prometheus.yml"));
        boolean prometheusAccepts = !(r.stdout() + r.stderr()).contains("Error parsing commandline arguments");
        boolean obsAccepts;
        try {
            StatefulSet s = Rendering.find(Rendering.render("default", "retention.metrics=" + value), StatefulSet.class, "prometheus");
            assertTrue(s.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().contains("--storage.tsdb.retention.time=" + value));
            obsAccepts = true;
        } catch (ObsException e) {
            obsAccepts = false;
        }
        assertEquals(prometheusAccepts, obsAccepts, value + ": prometheus said " + r.stdout() + r.stderr());
    }
}
