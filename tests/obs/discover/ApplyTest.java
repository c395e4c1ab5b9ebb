package obs.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.file.Path;
import java.util.Map;
import obs.install.MockCluster.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --apply writes exactly discovery's two keys of prometheus-discovered, and only when they change. */
class ApplyTest {
    static final String SCRAPE = """
            [ {
              "targets" : [ "orders.apps.svc:9102" ],
              "labels" : {
                "__scheme__" : "https",
                "namespace" : "apps",
                "service" : "orders"
              }
            } ]
            """;
    static final String PROBES = """
            [ {
              "targets" : [ "billing.apps.svc:5432" ],
              "labels" : {
                "module" : "tcp_connect",
                "namespace" : "apps",
                "service" : "billing"
              }
            }, {
              "targets" : [ "http://cxtaf-grafana-svc.cxtaf-cxeng-ui.svc:80/" ],
              "labels" : {
                "module" : "http_2xx",
                "namespace" : "cxtaf-cxeng-ui",
                "service" : "cxtaf-grafana-svc",
                "team" : "cxtaf"
              }
            }, {
              "targets" : [ "cxtm-mariadb.cxtm.svc:3306" ],
              "labels" : {
                "module" : "mysql_handshake",
                "namespace" : "cxtm",
                "service" : "cxtm-mariadb",
                "team" : "cxtm"
              }
            }, {
              "targets" : [ "cxtm-redis.cxtm.svc:6379" ],
              "labels" : {
                "module" : "redis_ping",
                "namespace" : "cxtm",
                "service" : "cxtm-redis",
                "team" : "cxtm"
              }
            }, {
              "targets" : [ "http://cxtm-web.cxtm.svc:8080/" ],
              "labels" : {
                "module" : "http_2xx",
                "namespace" : "cxtm",
                "service" : "cxtm-web",
                "team" : "cxtm"
              }
            } ]
            """;
    @TempDir static Path tmp;
    static LabCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new LabCluster(tmp);
        cluster.client.resource(new ConfigMapBuilder().withNewMetadata().withName("team-notes").withNamespace(Lab.STACK).endMetadata()
                .addToData("note", "keep me").build()).create();
    }

    /** Every test starts from the ConfigMap as the installer leaves it. */
    @BeforeEach
    void reset() {
        cluster.client.configMaps().inNamespace(Lab.STACK).withName("prometheus-discovered").delete();
        Lab.discoveredConfigMap(cluster.client);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    ConfigMap configMap(String name) {
        return cluster.client.configMaps().inNamespace(Lab.STACK).withName(name).get();
    }

    @Test
    void writesDiscoveryKeysAndLeavesEverythingElseAlone() {
        String config = configMap("prometheus-config").getMetadata().getResourceVersion();
        String notes = configMap("team-notes").getMetadata().getResourceVersion();
        Run r = cluster.discover("--apply");
        assertEquals(0, r.exit(), r.err());
        assertEquals(CoverageReportTest.SKIPPED + "[obs] wrote 1 scrape and 5 probe targets into ConfigMap obs/prometheus-discovered\n", r.err());
        assertEquals(Map.of("static-scrape.json", "[]\n", "static-probes.json", Lab.STATIC_PROBES,
                "discovery-scrape.json", SCRAPE, "discovery-probes.json", PROBES), configMap("prometheus-discovered").getData());
        assertEquals(config, configMap("prometheus-config").getMetadata().getResourceVersion(), "prometheus-config untouched");
        assertEquals(notes, configMap("team-notes").getMetadata().getResourceVersion(), "an object discovery does not own is untouched");
        assertTrue(r.out().contains("cxtm             cxtm-web            CXTM http      blackbox (discover)           "
                + "probe http_2xx http://cxtm-web.cxtm.svc:8080/ (applied)\n"), r.out());
        assertTrue(r.out().endsWith("12 services, 10 monitored, 4 suggestions, 1 namespace skipped\n"), r.out());
    }

    @Test
    void anUnchangedResultIsNotWrittenAgain() {
        assertEquals(0, cluster.discover("--apply").exit());
        String version = configMap("prometheus-discovered").getMetadata().getResourceVersion();
        int writes = cluster.api.writes();
        Run again = cluster.discover("--apply");
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.err().endsWith("[obs] ConfigMap obs/prometheus-discovered already holds these targets\n"), again.err());
        assertEquals(writes, cluster.api.writes());
        assertEquals(version, configMap("prometheus-discovered").getMetadata().getResourceVersion());
    }

    @Test
    void aMissingDiscoveredConfigMapIsNotCreated() {
        cluster.client.configMaps().inNamespace(Lab.STACK).withName("prometheus-discovered").delete();
        Run r = cluster.discover("cxtm", "--apply");
        assertEquals(1, r.exit(), r.err());
        assertEquals("[obs] warning: no ConfigMap obs/prometheus-discovered: no file targets counted\n"
                + "[obs] error: no ConfigMap obs/prometheus-discovered to write into: it comes with Prometheus (install it first); "
                + "discover does not create it\n", r.err());
        assertEquals(null, configMap("prometheus-discovered"));
    }
}
