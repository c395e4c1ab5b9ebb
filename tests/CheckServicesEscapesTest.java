import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A component or file answering terminal escapes cannot drive the reader's terminal through obs's output. */
class CheckServicesEscapesTest {
    static final String HOSTILE = "\033[2J\033]0;pwned\007";
    static final String SHOWN = "\\x1b[2J\\x1b]0;pwned\\x07";

    @Test
    void anAnswerWithEscapesIsShownEscapedInTheTable() throws Exception {
        HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        fake.createContext("/", ex -> {
            byte[] body = HOSTILE.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(503, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        fake.start();
        try {
            CheckServicesCommandTest.Run r = CheckServicesCommandTest.run("--endpoint",
                    "prometheus=http://127.0.0.1:" + fake.getAddress().getPort(), "--component", "prometheus");
            assertEquals(1, r.exit(), r.err());
            assertTrue(r.out().contains("HTTP 503 from /-/ready (expected 200): " + SHOWN + "\n"), r.out());
            assertFalse(r.out().contains("\033") || r.out().contains("\007"), r.out());
            assertFalse(r.err().contains("\033") || r.err().contains("\007"), r.err());
        } finally {
            fake.stop(0);
        }
    }

    @Test
    void aFileWithEscapesIsShownEscapedInTheErrorLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("endpoints.json"),
                "{\"version\": 1, \"components\": {\"prometheus\": {\"url\": \"http://127.0.0.1:1\", \"\\u001b[2J\\u001b]0;pwned\\u0007\": 1}}}\n");
        CheckServicesCommandTest.Run r = CheckServicesCommandTest.run("--endpoints-file", file.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("[obs] error: " + file + ":1:75: invalid endpoints file: unknown property '"), r.err());
        assertTrue(r.err().lines().findFirst().orElse("").contains(SHOWN), r.err());
        assertFalse(r.err().contains("\033") || r.err().contains("\007"), r.err());
    }
}
