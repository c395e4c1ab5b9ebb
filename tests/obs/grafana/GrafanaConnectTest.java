package obs.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import obs.access.Endpoints;
import obs.access.StackAccess;
import obs.core.Exit;
import obs.core.ObsException;
import obs.fakes.GrafanaFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reaching Grafana through the stack's endpoints with a token or password file. */
class GrafanaConnectTest {
    @TempDir
    Path dir;

    private static StackAccess endpoints(java.net.URI grafana) {
        return new StackAccess(StackAccess.Mode.ENDPOINTS, null, null, new Endpoints(Map.of("grafana", grafana), null, null, false),
                new LinkedHashSet<>(java.util.List.of("grafana")));
    }

    private static GrafanaOptions options(Path token, Path password) {
        GrafanaOptions o = new GrafanaOptions();
        o.tokenFile = token;
        o.passwordFile = password;
        return o;
    }

    @Test
    void tokenAndPasswordFilesSignIn() throws Exception {
        try (GrafanaFake fake = GrafanaFake.start(); StackAccess access = endpoints(fake.url())) {
            Files.writeString(dir.resolve("token"), GrafanaFake.TOKEN + "\n");
            Files.writeString(dir.resolve("password"), GrafanaFake.PASSWORD);
            try (GrafanaClient c = GrafanaConnect.open(access, options(dir.resolve("token"), null).auth())) {
                assertEquals(0, c.objects().folders().size());
            }
            try (GrafanaClient c = GrafanaConnect.open(access, options(null, dir.resolve("password")).auth())) {
                assertEquals(1, c.alerting().contactPoints().size());
            }
        }
    }

    @Test
    void missingCredentialsAreUsageErrorsNamingTheOption() throws Exception {
        try (GrafanaFake fake = GrafanaFake.start(); StackAccess access = endpoints(fake.url())) {
            ObsException e = assertThrows(ObsException.class, () -> GrafanaConnect.open(access, null));
            assertEquals(Exit.USAGE, e.exit());
            assertTrue(e.getMessage().contains("--grafana-token-file"), e.getMessage());
            ObsException missing = assertThrows(ObsException.class, () -> options(dir.resolve("absent"), null).auth());
            assertEquals("--grafana-token-file: cannot read " + dir.resolve("absent") + ": no such file", missing.getMessage());
        }
    }
}
