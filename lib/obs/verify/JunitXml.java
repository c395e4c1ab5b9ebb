package obs.verify;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import obs.cli.Terminal;
import obs.core.ObsException;

/**
 * The report as JUnit XML for CI: one testsuite, one testcase per step, a failure element carrying the step's
 * message, a skipped element with the reason. Written to a temporary file beside the target, then renamed, so a
 * reader never sees half a file.
 */
public final class JunitXml {
    private JunitXml() {
    }

    static String render(VerifyReport report) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newInstance().createXMLStreamWriter(text);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", "verify-installation");
            x.writeAttribute("tests", Integer.toString(report.steps().size()));
            x.writeAttribute("failures", count(report, StepResult.Status.fail));
            x.writeAttribute("skipped", count(report, StepResult.Status.skip));
            x.writeAttribute("errors", "0");
            x.writeAttribute("time", seconds(report.steps().stream().mapToLong(StepResult::durationMs).max().orElse(0)));
            x.writeStartElement("properties");
            property(x, "runId", report.runId());
            property(x, "mode", report.mode());
            if (report.namespace() != null) {
                property(x, "namespace", report.namespace());
            }
            x.writeEndElement();
            for (StepResult s : report.steps()) {
                x.writeStartElement("testcase");
                x.writeAttribute("classname", "verify-installation");
                x.writeAttribute("name", s.step().name());
                x.writeAttribute("time", seconds(s.durationMs()));
                String message = xmlSafe(s.message());
                if (s.status() == StepResult.Status.fail) {
                    x.writeStartElement("failure");
                    x.writeAttribute("message", message);
                    x.writeCharacters(message);
                    x.writeEndElement();
                } else if (s.status() == StepResult.Status.skip) {
                    x.writeStartElement("skipped");
                    x.writeAttribute("message", message);
                    x.writeEndElement();
                } else {
                    x.writeStartElement("system-out");
                    x.writeCharacters(message + (s.deliveryMs().isEmpty() ? "" : "\ndelivery: " + VerifyReport.delivery(s.deliveryMs())));
                    x.writeEndElement();
                }
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw ObsException.internal("cannot write JUnit XML: " + e.getMessage(), e);
        }
        return text + "\n";
    }

    /** Writes the XML to {@code file} atomically; a file that cannot be written is exit 1 naming it and why. */
    public static void write(Path file, VerifyReport report) {
        Path target = file.toAbsolutePath();
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, render(report), StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // The temporary file could not be written in the first place.
            }
            String why = e instanceof NoSuchFileException ? "no such folder" : e instanceof AccessDeniedException ? "permission denied"
                    : e.getMessage() == null ? "write failed" : e.getMessage();
            throw ObsException.problem("--junit " + file + ": cannot write: " + why);
        }
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeEmptyElement("property");
        x.writeAttribute("name", name);
        x.writeAttribute("value", xmlSafe(value));
    }

    private static String count(VerifyReport r, StepResult.Status s) {
        return Long.toString(r.steps().stream().filter(x -> x.status() == s).count());
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
    }

    /** XML 1.0 cannot hold most control characters: they are shown escaped, as on the terminal. */
    private static String xmlSafe(String s) {
        return Terminal.printable(s == null ? "" : s);
    }
}
