package obs.runbook;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import obs.core.InputFile;
import obs.core.ObsException;

/**
 * A runbook page as written in runbooks/: its headings (with the anchors a Markdown renderer gives them) and its
 * lines. An alert or incident page is one runbook with its four headings at level 2; a check page holds one runbook
 * per level-2 section, the check id being the anchor, with the four headings at level 3.
 *
 * @param path  the page, relative to the checkout (runbooks/alerts/PrometheusDown.md)
 * @param lines the page's lines
 * @param headings the headings outside code blocks, in order
 */
public record Page(String path, List<String> lines, List<Heading> headings) {
    /** The four parts every runbook has, in this order. */
    public static final List<String> PARTS = List.of("Meaning", "Impact", "Diagnosis", "Mitigation");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)\\s*([^\\s`]*).*$");
    /** Info strings of fenced blocks that hold commands; other blocks (promql, yaml, json, text) are shown, not run. */
    private static final Set<String> SHELL = Set.of("", "sh", "bash", "shell", "console");

    /** A heading: level, text, anchor and its 1-based line. */
    public record Heading(int level, String text, String anchor, int line) {
    }

    /** A command in a Diagnosis block, with the line it starts on. */
    public record Command(String text, int line) {
    }

    /** Reads a page; {@code root} is the checkout. */
    public static Page read(Path root, Path file) {
        String rel = root.relativize(file).toString().replace('\\', '/');
        try {
            return parse(rel, InputFile.readString(file));
        } catch (NoSuchFileException e) {
            throw ObsException.usage(rel + ": no such runbook page");
        } catch (IOException e) {
            throw ObsException.usage(rel + ": cannot read: " + e.getMessage());
        }
    }

    static Page parse(String path, String text) {
        List<String> lines = text.lines().toList();
        List<Heading> headings = new ArrayList<>();
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            if (FENCE.matcher(lines.get(i)).matches()) {
                fenced = !fenced;
                continue;
            }
            Matcher m = HEADING.matcher(lines.get(i));
            if (!fenced && m.matches()) {
                headings.add(new Heading(m.group(1).length(), m.group(2), anchor(m.group(2)), i + 1));
            }
        }
        return new Page(path, lines, List.copyOf(headings));
    }

    /** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens. */
    public static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    /** The page's title: its first level-1 heading. */
    public String title() {
        return headings.stream().filter(h -> h.level() == 1).map(Heading::text).findFirst().orElse("");
    }

    /** The level-2 heading with this anchor. */
    public Optional<Heading> section(String anchor) {
        return headings.stream().filter(h -> h.level() == 2 && h.anchor().equals(anchor)).findFirst();
    }

    /**
     * The headings one level below {@code parent} inside its section (parent null: the level-2 headings of the page).
     */
    public List<Heading> children(Heading parent) {
        int level = parent == null ? 2 : parent.level() + 1;
        List<Heading> out = new ArrayList<>();
        for (Heading h : within(parent)) {
            if (h.level() == level) {
                out.add(h);
            }
        }
        return out;
    }

    /** The child heading {@code name} of {@code parent} (null: the page), if any. */
    public Optional<Heading> part(Heading parent, String name) {
        return children(parent).stream().filter(h -> h.text().equals(name)).findFirst();
    }

    /** The lines of a heading's section (after the heading, up to the next heading of its level or above). */
    public List<String> body(Heading h) {
        return lines.subList(h.line(), end(h) - 1);
    }

    /**
     * The commands of the fenced shell blocks in a section (null: the whole page): comments and blank lines dropped,
     * continuations joined.
     */
    public List<Command> commands(Heading h) {
        List<Command> out = new ArrayList<>();
        boolean fenced = false;
        boolean shell = false;
        int last = h == null ? lines.size() : end(h) - 1;
        for (int i = h == null ? 0 : h.line(); i < last; i++) {
            String line = lines.get(i);
            Matcher fence = FENCE.matcher(line);
            if (fence.matches()) {
                fenced = !fenced;
                shell = fenced && SHELL.contains(fence.group(2).toLowerCase(Locale.ROOT));
                continue;
            }
            String text = line.strip();
            if (!fenced || !shell || text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            int start = i + 1;
            while (text.endsWith("\\") && i + 1 < last && !FENCE.matcher(lines.get(i + 1)).matches()) {
                text = text.substring(0, text.length() - 1).strip() + " " + lines.get(++i).strip();
            }
            out.add(new Command(text, start));
        }
        return out;
    }

    private List<Heading> within(Heading parent) {
        if (parent == null) {
            return headings;
        }
        int end = end(parent);
        return headings.stream().filter(h -> h.line() > parent.line() && h.line() < end).toList();
    }

    /** The 1-based line where a heading's section ends (exclusive): the next heading of its level or above, or past the end. */
    private int end(Heading h) {
        return headings.stream().filter(o -> o.line() > h.line() && o.level() <= h.level()).map(Heading::line)
                .findFirst().orElse(lines.size() + 1);
    }
}
