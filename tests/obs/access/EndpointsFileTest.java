package obs.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import obs.core.Exit;
import obs.core.Json;
import obs.core.ObsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoints file's reader: what the sandbox writes reads back the same, and every mistake names its line and column. */
class EndpointsFileTest {
    @TempDir
    Path dir;

    @Test
    void whatTheSandboxWritesReadsBackTheSame() throws Exception {
        EndpointsFile written = new EndpointsFile(1, Map.of(
                "prometheus", new EndpointsFile.Entry("http://127.0.0.1:19090", 4242L, 123456789L, "/usr/bin/prometheus", "/d",
                        "/d/log", null, null),
                "grafana", EndpointsFile.Entry.external("http://127.0.0.1:3000"),
                "loki", new EndpointsFile.Entry("http://127.0.0.1:3100", null, null, null, null, null, "no binary", "2026-01-01T00:00:00Z")));
        Path file = Files.writeString(dir.resolve("endpoints.json"), Json.mapper().writeValueAsString(written));
        assertEquals(written, EndpointsFile.read(file));
    }

    @Test
    void nullsAndAnEmptyFileMeanNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("endpoints.json"), "{\"version\": 1, \"components\": null}");
        assertTrue(EndpointsFile.read(file).components().isEmpty());
        Path blank = Files.writeString(dir.resolve("blank.json"), "\n");
        assertEquals(EndpointsFile.empty(), EndpointsFile.read(blank));
        Path nullPid = Files.writeString(dir.resolve("pid.json"),
                "{\"version\": 1, \"components\": {\"prometheus\": {\"url\": \"http://127.0.0.1:1\", \"pid\": null}}}");
        assertNull(EndpointsFile.read(nullPid).components().get("prometheus").pid());
    }

    @Test
    void mistakesNameTheFileLineAndColumn() throws Exception {
        assertError("{\"version\": 1,\n \"components\": {\"prometheus\": {\"ulr\": \"x\"}}}", ":2:32: invalid endpoints file: unknown property 'ulr'");
        assertError("{\"version\": 1, \"extra\": 2}", ":1:16: invalid endpoints file: unknown property 'extra'");
        assertError("{\"version\": \"1\"}", ":1:13: invalid endpoints file: 'version' must be an integer");
        assertError("{\"components\": {\"p\": {\"pid\": \"12\"}}}", ":1:30: invalid endpoints file: 'pid' must be an integer");
        assertError("{\"components\": {\"p\": {\"url\": 5}}}", ":1:30: invalid endpoints file: 'url' must be a string");
        assertError("{\"components\": []}", ":1:16: invalid endpoints file: 'components' must be an object of components");
        assertError("[]", ":1:1: invalid endpoints file: the file must be an object");
        assertError("{} x", ":1:4: invalid endpoints file: ");
        assertError("{\"version\": 1,\n\n  \"components\": {", ":3:18: invalid endpoints file: ");
    }

    @Test
    void aComponentWithoutUrlIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("endpoints.json"), "{\"version\": 1, \"components\": {\"prometheus\": {\"pid\": 1}}}");
        ObsException e = assertThrows(ObsException.class, () -> EndpointsFile.read(file));
        assertEquals(file + ": component 'prometheus': no url", e.getMessage());
    }

    private void assertError(String text, String expected) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.json"), text);
        ObsException e = assertThrows(ObsException.class, () -> EndpointsFile.read(file), text);
        assertEquals(Exit.USAGE, e.exit(), text);
        assertTrue(e.getMessage().startsWith(file + expected), text + " -> " + e.getMessage());
    }
}
