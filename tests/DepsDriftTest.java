import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The JBang scripts (lib/obs/Deps.java), the Maven build and the image use the same library versions and JVM options. */
class DepsDriftTest {
    @Test
    void depsLinesEqualThePomsRuntimeDependencies() throws Exception {
        Set<String> deps = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("lib/obs/Deps.java"))) {
            if (line.startsWith("//DEPS ")) {
                deps.add(line.substring("//DEPS ".length()).trim());
            }
        }
        var pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        Map<String, String> props = new HashMap<>();
        NodeList properties = ((Element) pom.getElementsByTagName("properties").item(0)).getChildNodes();
        for (int i = 0; i < properties.getLength(); i++) {
            if (properties.item(i) instanceof Element p) {
                props.put(p.getTagName(), p.getTextContent().trim());
            }
        }
        Set<String> maven = new TreeSet<>();
        NodeList list = pom.getElementsByTagName("dependency");
        for (int i = 0; i < list.getLength(); i++) {
            Element d = (Element) list.item(i);
            if (d.getElementsByTagName("scope").getLength() > 0) {
                continue;
            }
            String version = d.getElementsByTagName("version").item(0).getTextContent().trim();
            if (version.startsWith("${")) {
                version = props.get(version.substring(2, version.length() - 1));
            }
            maven.add(text(d, "groupId") + ":" + text(d, "artifactId") + ":" + version);
        }
        assertEquals(maven, deps);
    }

    /** //JAVA_OPTIONS in Deps.java is where the JVM options are written; the build and the image must repeat them. */
    @Test
    void theJvmOptionsOfDepsAreTheBuildsAndTheImagesToo() throws Exception {
        String options = Files.readAllLines(Path.of("lib/obs/Deps.java")).stream().filter(l -> l.startsWith("//JAVA_OPTIONS "))
                .findFirst().orElseThrow().substring("//JAVA_OPTIONS ".length()).trim();
        String pom = Files.readString(Path.of("pom.xml"));
        assertTrue(pom.contains("<obs.jvm.options>" + options + "</obs.jvm.options>"), "pom.xml's obs.jvm.options is not " + options);
        String image = Files.readString(Path.of("image/Containerfile"));
        assertTrue(image.contains(String.join("\", \"", options.split(" "))), "image/Containerfile's java lacks " + options);
    }

    private static String text(Element e, String tag) {
        return e.getElementsByTagName(tag).item(0).getTextContent().trim();
    }
}
