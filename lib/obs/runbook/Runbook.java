package obs.runbook;

import java.util.ArrayList;
import java.util.List;
import obs.core.ObsException;

/**
 * One runbook: an alert or incident page, or a check's section of a check page.
 *
 * @param name      the alert name, incident slug or check id it is found by
 * @param kind      which of the three
 * @param page      the page holding it
 * @param section   the check's level-2 heading, or null for a whole page
 * @param component the component a check belongs to (the COMPONENT placeholder), or null
 */
public record Runbook(String name, Kind kind, Page page, Page.Heading section, String component) {
    /** What a runbook is for; the word is what --list shows. */
    public enum Kind {
        ALERT, INCIDENT, CHECK;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The page and anchor, as a runbook_url or a check's runbook names it. */
    public String ref() {
        return page.path() + (section == null ? "" : "#" + section.anchor());
    }

    /** The Markdown heading prefix of the four parts here: ## on a page, ### under a check's section. */
    public String partPrefix() {
        return "#".repeat(section == null ? 2 : section.level() + 1);
    }

    /** The first sentence a reader sees: the check's title line, or the page's summary paragraph. */
    public String summary() {
        int from = section == null ? page.headings().stream().filter(h -> h.level() == 1).map(Page.Heading::line).findFirst().orElse(0)
                : section.line();
        for (int i = from; i < page.lines().size(); i++) {
            String line = page.lines().get(i).strip();
            if (line.startsWith("#")) {
                break;
            }
            if (!line.isEmpty()) {
                return line.replace("**", "");
            }
        }
        return "";
    }

    /** The parts missing or out of order, as messages naming the page (empty when all four are there in order). */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        List<String> found = page.children(section).stream().map(Page.Heading::text).filter(Page.PARTS::contains).toList();
        for (String part : Page.PARTS) {
            if (!found.contains(part)) {
                out.add(ref() + ": no '" + partPrefix() + " " + part + "' heading");
            }
        }
        if (out.isEmpty() && !found.stream().distinct().toList().equals(Page.PARTS)) {
            out.add(ref() + ": the headings must be " + String.join(", ", Page.PARTS) + " in this order, found " + found);
        }
        return out;
    }

    /** The Diagnosis commands; a runbook without a Diagnosis part is a usage error naming the page. */
    public List<Page.Command> diagnosis() {
        return page.commands(part("Diagnosis"));
    }

    /** The Mitigation text, for a person. */
    public List<String> mitigation() {
        List<String> body = page.part(section, "Mitigation").map(page::body).orElse(List.of());
        int from = 0;
        int to = body.size();
        while (from < to && body.get(from).isBlank()) {
            from++;
        }
        while (to > from && body.get(to - 1).isBlank()) {
            to--;
        }
        return body.subList(from, to);
    }

    private Page.Heading part(String name) {
        return page.part(section, name).orElseThrow(() -> ObsException.usage(ref() + ": no '" + partPrefix() + " " + name
                + "' heading, so there is nothing to run"));
    }
}
