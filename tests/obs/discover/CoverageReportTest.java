package obs.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import obs.core.Json;
import obs.install.MockCluster.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** discover's report against the lab in the mock API server (read-only: nothing is applied here). */
class CoverageReportTest {
    static final String TABLE = """
            NAMESPACE        SERVICE             KIND           MONITORED BY                  SUGGESTION
            apps             billing             postgresql     not monitored                 PostgreSQL exporter: obs ships none; run one and annotate its Service with prometheus.io/scrape; probe tcp_connect billing.apps.svc:5432
            apps             orders              metrics        not monitored                 scrape https://orders.apps.svc:9102/metrics
            apps             queue               other          -                             -
            apps             worker              metrics        not monitored                 scrape its annotated pods: add apps to discovery.namespaces
            cxtaf-cxeng      cxtaf-backend-svc   CXTAF metrics  kubernetes-services           -
            cxtaf-cxeng      cxtaf-frontend-svc  CXTAF http     blackbox                      -
            cxtaf-cxeng-taa  taa-api             CXTAF other    blackbox-kubernetes-services  -
            cxtaf-cxeng-ui   cxtaf-grafana-svc   CXTAF http     not monitored                 probe http_2xx http://cxtaf-grafana-svc.cxtaf-cxeng-ui.svc:80/
            cxtm             cxtm-mariadb        CXTM mariadb   not monitored                 MariaDB exporter: --set components.mariadb-exporter=true (its address goes in the mariadb-exporter Secret); probe mysql_handshake cxtm-mariadb.cxtm.svc:3306
            cxtm             cxtm-redis          CXTM redis     not monitored                 Redis exporter: --set components.redis-exporter=true --set databases.redisAddress=redis://cxtm-redis.cxtm.svc:6379; probe redis_ping cxtm-redis.cxtm.svc:6379
            cxtm             cxtm-scheduler      CXTM metrics   kubernetes-pods               -
            cxtm             cxtm-web            CXTM http      not monitored                 probe http_2xx http://cxtm-web.cxtm.svc:8080/
            12 services, 4 monitored, 10 suggestions, 1 namespace skipped
            """;
    static final String SKIPPED = "[obs] warning: namespace secret-ns skipped: cannot list it (HTTP 403: User "
            + "\"system:serviceaccount:ci:installer\" cannot get resource at /api/v1/namespaces/secret-ns/services)\n";

    @TempDir static Path tmp;
    static LabCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new LabCluster(tmp);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void everyServiceOfTheNamedNamespacesWithWhatMonitorsItAndWhatToAdd() {
        List<String> args = new ArrayList<>(Lab.APP_NAMESPACES);
        Run r = cluster.discover(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        assertEquals(TABLE, r.out());
        assertEquals(SKIPPED, r.err());
    }

    @Test
    void withoutNamespacesEveryNamespaceTheUserCanListIsLookedAt() {
        Run r = cluster.discover();
        assertEquals(0, r.exit(), r.err());
        assertEquals(TABLE, r.out());
        assertEquals(SKIPPED, r.err());
    }

    @Test
    void failOnUnmonitoredExitsOneWithTheSameReport() {
        Run r = cluster.discover("--fail-on-unmonitored");
        assertEquals(1, r.exit(), r.err());
        assertEquals(TABLE, r.out());
    }

    @Test
    void failOnUnmonitoredPassesWhenEverythingLookedAtIsCovered() {
        Run r = cluster.discover("cxtaf-cxeng", "--fail-on-unmonitored");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().endsWith("2 services, 2 monitored, 0 suggestions\n"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void jsonCarriesEveryFieldAndTheSkippedNamespaces() {
        Run r = cluster.discover("cxtm", "secret-ns", "-o", "json");
        assertEquals(0, r.exit(), r.err());
        JsonNode root = Json.mapper().readTree(r.out());
        assertEquals("{\"services\":4,\"monitored\":1,\"suggestions\":5}", root.get("summary").toString());
        assertEquals("[{\"namespace\":\"secret-ns\",\"reason\":\"HTTP 403: User \\\"system:serviceaccount:ci:installer\\\" cannot get "
                + "resource at /api/v1/namespaces/secret-ns/services\"}]", root.get("skipped").toString());
        JsonNode web = root.get("services").get(3);
        assertEquals("{\"namespace\":\"cxtm\",\"service\":\"cxtm-web\",\"kind\":\"http\",\"team\":\"cxtm\",\"monitoredBy\":[],"
                + "\"suggestions\":[{\"type\":\"probe\",\"target\":\"http://cxtm-web.cxtm.svc:8080/\",\"module\":\"http_2xx\","
                + "\"labels\":{\"module\":\"http_2xx\",\"namespace\":\"cxtm\",\"service\":\"cxtm-web\",\"team\":\"cxtm\"},"
                + "\"text\":\"probe http_2xx http://cxtm-web.cxtm.svc:8080/\",\"applied\":false}]}", web.toString());
    }

    @Test
    void theProfileDecidesWhatIsCxtm() {
        Run r = cluster.discover("cxtm", "--set", "discovery.teams.cxtm.namespaces=", "--set", "discovery.teams.cxtm.services=cxtm-web",
                "--set", "discovery.teams.cxtm.labels.app=");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\ncxtm       cxtm-redis      redis      not monitored"), r.out());
        assertTrue(r.out().contains("\ncxtm       cxtm-web        CXTM http  not monitored"), r.out());
    }
}
