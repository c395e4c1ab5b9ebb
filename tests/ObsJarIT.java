import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import obs.cli.Cli;
import obs.exec.ThisJvm;
import org.junit.jupiter.api.Test;

/** The toolkit jar (the image's entry point) holds every catalog command, and each one starts. */
class ObsJarIT {
    static final Path JAR = Path.of("target/obs.jar").toAbsolutePath();

    @Test
    void everyCatalogAliasIsASubcommand() throws Exception {
        Set<String> subcommands = Cli.commandLine(new ObsMain()).getSubcommands().keySet();
        assertEquals(ScriptsTest.catalog().keySet(), subcommands);
    }

    @Test
    void everySubcommandStartsFromTheJar() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " was not built");
        for (String alias : ScriptsTest.catalog().keySet()) {
            Path out = Files.createTempFile("obs-jar", ".out");
            List<String> cmd = new ArrayList<>(List.of(ThisJvm.java().toString()));
            cmd.addAll(ThisJvm.options());
            cmd.addAll(List.of("-jar", JAR.toString(), alias, "--help"));
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), alias + " did not finish");
            String text = Files.readString(out);
            assertEquals(0, p.exitValue(), alias + ": " + text);
            assertTrue(text.contains("Usage: obs " + alias), text);
        }
    }
}
