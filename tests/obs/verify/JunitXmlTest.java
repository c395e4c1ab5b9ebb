package obs.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Messages carry text from outside (a component's answer): the XML stays well-formed and shows it escaped. */
class JunitXmlTest {
    @Test
    void controlCharactersAndMarkupInAMessageStayWellFormed() throws Exception {
        StepResult bad = new StepResult(StepName.logs, StepResult.Status.fail, 1200, "Loki answered HTTP 400: <html>\u001b[31m & \"x\"", Map.of());
        StepResult ok = new StepResult(StepName.metrics, StepResult.Status.ok, 900, "fine", Map.of("pushgateway", 850L));
        String xml = JunitXml.render(new VerifyReport("r1", "sandbox", null, List.of(ok, bad), List.of()));
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element failure = (Element) d.getElementsByTagName("failure").item(0);
        assertEquals("Loki answered HTTP 400: <html>\\x1b[31m & \"x\"", failure.getAttribute("message"));
        assertEquals("1.200", ((Element) d.getElementsByTagName("testcase").item(1)).getAttribute("time"));
        assertEquals("fine\ndelivery: pushgateway=850ms", d.getElementsByTagName("system-out").item(0).getTextContent());
        assertEquals("r1", ((Element) d.getElementsByTagName("property").item(0)).getAttribute("value"));
    }
}
