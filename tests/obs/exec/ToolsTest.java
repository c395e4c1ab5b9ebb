package obs.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import obs.core.Exit;
import obs.core.ObsException;
import org.junit.jupiter.api.Test;

class ToolsTest {
    @Test
    void capturesStdoutStderrAndExitCode() {
        Tools.Result r = Tools.run(Duration.ofSeconds(10), "bash", List.of("bash", "-c", "echo out; echo err >&2; exit 3"));
        assertEquals(new Tools.Result(3, "out\n", "err\n"), r);
    }

    @Test
    void aMissingToolNamesItsDebianPackage() {
        ObsException e = assertThrows(ObsException.class, () -> Tools.run(Duration.ofSeconds(1), "fping", List.of("obs-no-such-fping")));
        assertEquals(Exit.UNREACHABLE, e.exit());
        assertEquals("obs-no-such-fping is not installed: install the Debian package 'fping' (apt-get install -y fping)", e.getMessage());
    }

    @Test
    void aToolThatHangsIsKilledAtTheTimeout() {
        long t0 = System.nanoTime();
        ObsException e = assertThrows(ObsException.class, () -> Tools.run(Duration.ofMillis(300), "coreutils", List.of("sleep", "30")));
        assertEquals(Exit.PROBLEM, e.exit());
        assertEquals("sleep did not finish within 300 ms", e.getMessage());
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "the timeout did not stop the process");
    }

    @Test
    void findsBinariesOnPathAndInSbin() {
        assertTrue(Tools.find("bash").isPresent());
        assertTrue(Tools.find("/bin/sh").isPresent());
        assertTrue(Tools.find("obs-no-such-tool").isEmpty());
    }
}
