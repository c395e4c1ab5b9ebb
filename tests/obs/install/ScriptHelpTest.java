package obs.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import obs.cli.KubeOptions;
import obs.install.MockCluster.Run;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.Command;

/** The install and uninstall scripts: fixed header, //DESCRIPTION equal to the @Command header, working help. */
class ScriptHelpTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({"Install,install", "Uninstall,uninstall"})
    void headerDescriptionAndHelpAgree(String script, String name) throws Exception {
        String source = Files.readString(Path.of("scripts", script + ".java"));
        Command command = Class.forName(script).getAnnotation(Command.class);
        String header = String.join("", command.header());
        assertTrue(source.startsWith("///usr/bin/env jbang \"$0\" \"$@\" ; exit $?\n//DESCRIPTION " + header
                + "\n//JAVA 21+\n//SOURCES ../lib/**.java\n"), source.substring(0, 200));
        assertEquals(name, command.name());
        assertTrue(source.lines().count() <= 120, script + " stays thin");
        Run help = MockCluster.command(script, "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().replaceAll("\\s+", " ").startsWith(header + " Usage: " + name + " "), help.out());
        assertTrue(help.out().contains("[NAMESPACE]") && help.out().contains("-n, --namespace=NAMESPACE"), help.out());
        assertTrue(help.out().contains("Exit codes:"), help.out());
        String flat = help.out().replaceAll("\\s+", " ");
        assertTrue(flat.contains("-n, --namespace=NAMESPACE Namespace of the stack (or as the NAMESPACE argument)."), flat);
        assertTrue(flat.contains("[NAMESPACE] Namespace of the stack (default: " + (name.equals("install") ? "the profile's, " : "")
                + KubeOptions.DEFAULT_NAMESPACE), flat);
    }
}
