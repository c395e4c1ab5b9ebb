import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import obs.cli.Cli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The catalog, the scripts, their help and the README's command table agree. */
class ScriptsTest {
    static final Path ROOT = Path.of("").toAbsolutePath();

    /** alias -> [script-ref, description] from jbang-catalog.json. */
    static Map<String, String[]> catalog() throws Exception {
        JsonNode aliases = JsonMapper.builder().build().readTree(Files.readString(ROOT.resolve("jbang-catalog.json"))).path("aliases");
        Map<String, String[]> out = new LinkedHashMap<>();
        for (var e : aliases.properties()) {
            out.put(e.getKey(), new String[] {e.getValue().path("script-ref").asString(), e.getValue().path("description").asString()});
        }
        return out;
    }

    static String camel(String alias) {
        StringBuilder sb = new StringBuilder();
        for (String part : alias.split("-")) {
            sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb.toString();
    }

    @Test
    void everyAliasPointsAtItsScriptWhoseHeaderAndDescriptionMatchAndHelpWorks() throws Exception {
        for (var e : catalog().entrySet()) {
            String alias = e.getKey();
            String script = e.getValue()[0];
            String description = e.getValue()[1];
            assertEquals("scripts/" + camel(alias) + ".java", script, alias + ": script name must be the alias in CamelCase");
            String source = Files.readString(ROOT.resolve(script));
            assertTrue(source.contains("\n//DESCRIPTION " + description + "\n"), script + ": //DESCRIPTION differs from the catalog");
            assertTrue(source.contains("\n//SOURCES ../lib/**.java\n"), script + ": must include lib through //SOURCES");
            Object command = Class.forName(camel(alias)).getDeclaredConstructor().newInstance();
            Command annotation = command.getClass().getAnnotation(Command.class);
            assertEquals(alias, annotation.name(), script);
            assertEquals(description, String.join("", annotation.header()), script + ": header differs from the catalog");
            StringWriter out = new StringWriter();
            int exit = Cli.run(command, new PrintWriter(out), new PrintWriter(new StringWriter()), "--help");
            assertEquals(0, exit, alias + " --help");
            assertTrue(out.toString().contains("Usage: " + alias), out.toString());
            assertTrue(out.toString().contains("Exit codes:"), alias + " --help lists no exit codes");
        }
    }

    @Test
    void everyScriptHasAnAlias() throws Exception {
        var referenced = catalog().values().stream().map(v -> v[0]).toList();
        try (Stream<Path> files = Files.list(ROOT.resolve("scripts"))) {
            files.filter(f -> f.toString().endsWith(".java"))
                    .forEach(f -> assertTrue(referenced.contains("scripts/" + f.getFileName()), f + " has no catalog alias"));
        }
    }

    @Test
    void readmeCommandTableIsTheCatalog() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String table = readme.substring(readme.indexOf("<!-- commands:"), readme.indexOf("<!-- end commands -->"));
        List<String> rows = new ArrayList<>();
        table.lines().filter(l -> l.startsWith("| `")).forEach(rows::add);
        List<String> expected = new ArrayList<>();
        catalog().forEach((alias, v) -> expected.add("| `" + alias + "` | " + v[1] + " |"));
        assertEquals(expected, rows);
    }
}
