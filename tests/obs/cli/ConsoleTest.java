package obs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleTest {
    static Console console(StringWriter out, StringWriter err, boolean tty, String noColor, String... flags) {
        OutputOptions o = new OutputOptions();
        for (String f : flags) {
            switch (f) {
                case "quiet" -> o.quiet = true;
                case "verbose" -> o.verbose = true;
                case "no-color" -> o.noColor = true;
                case "json" -> o.format = OutputOptions.Format.json;
                default -> throw new IllegalArgumentException(f);
            }
        }
        return new Console(new PrintWriter(out), new PrintWriter(err), o, tty, noColor);
    }

    @Test
    void tablesAlignColumnsIgnoringColourCodes() {
        StringWriter out = new StringWriter();
        Console c = console(out, new StringWriter(), true, null);
        c.table(List.of("NAME", "STATUS"), List.of(List.of("prometheus", c.status("ok")), List.of("am", c.status("fail"))));
        assertEquals("NAME        STATUS\nprometheus  \033[32mok\033[0m\nam          \033[31mfail\033[0m\n", out.toString());
    }

    @Test
    void controlCharactersFromOutsideAreShownEscapedInTablesWhileOwnColoursStay() {
        StringWriter out = new StringWriter();
        Console c = console(out, new StringWriter(), true, null);
        String hostile = "\033[2J\033]0;pwned\007\u009b31m\u007f";
        c.table(List.of("NAME", "STATUS", "MESSAGE"), List.of(List.of("p", c.status("fail"), hostile),
                List.of("q", "\033[32mok", "line\nbreak\ttab\r")));
        assertEquals("NAME  STATUS      MESSAGE\n"
                + "p     \033[31mfail\033[0m        \\x1b[2J\\x1b]0;pwned\\x07\\x9b31m\\x7f\n"
                + "q     \\x1b[32mok  line\\x0abreak\\x09tab\\x0d\n", out.toString());
    }

    @Test
    void controlCharactersInMessagesAreShownEscaped() {
        StringWriter err = new StringWriter();
        Console c = console(new StringWriter(), err, true, null, "verbose");
        c.info("a\033[2Jb");
        c.debug("c\007");
        c.warn("d\n[obs] all fine");
        c.progress("e\033]0;t\007");
        assertEquals("[obs] a\\x1b[2Jb\n[obs] c\\x07\n[obs] warning: d\\x0a[obs] all fine\n\r\033[Ke\\x1b]0;t\\x07",
                err.toString());
    }

    @Test
    void aDataLineFromOutsideIsShownEscaped() {
        StringWriter out = new StringWriter();
        console(out, new StringWriter(), true, null).line("path to h (was a > \033[2Jb)");
        assertEquals("path to h (was a > \\x1b[2Jb)\n", out.toString());
    }

    @Test
    void noColourWithoutATerminalWithNoColorOrWithTheFlag() {
        assertEquals("ok", console(new StringWriter(), new StringWriter(), false, null).status("ok"));
        assertEquals("ok", console(new StringWriter(), new StringWriter(), true, "1").status("ok"));
        assertEquals("ok", console(new StringWriter(), new StringWriter(), true, null, "no-color").status("ok"));
    }

    @Test
    void messagesGoToStderrAndRespectQuietAndVerbose() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Console c = console(out, err, false, null, "quiet");
        c.info("hidden");
        c.debug("hidden too");
        c.warn("shown");
        c.progress("never on a pipe");
        assertEquals("", out.toString());
        assertEquals("[obs] warning: shown\n", err.toString());
        StringWriter err2 = new StringWriter();
        console(new StringWriter(), err2, false, null, "verbose").debug("detail");
        assertEquals("[obs] detail\n", err2.toString());
    }

    @Test
    void jsonIsIndentedOnStdout() {
        StringWriter out = new StringWriter();
        console(out, new StringWriter(), false, null, "json").json(Map.of("a", 1));
        assertEquals("{\n  \"a\" : 1\n}\n", out.toString());
    }
}
