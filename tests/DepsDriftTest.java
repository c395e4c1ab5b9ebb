import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** The JBang scripts (//DEPS in lib/obs/Deps.java) and the Maven build use the same library versions. */
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

    private static String text(Element e, String tag) {
        return e.getElementsByTagName(tag).item(0).getTextContent().trim();
    }
}
