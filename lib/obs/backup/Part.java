package obs.backup;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The parts of a backup set, in the order they are saved and restored. */
public enum Part {
    PROMETHEUS, GRAFANA, ALERTMANAGER, CONFIG;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The parts an --only list names; every part for an empty list. */
    public static Set<Part> parse(List<String> words) {
        if (words == null || words.isEmpty()) {
            return EnumSet.allOf(Part.class);
        }
        EnumSet<Part> out = EnumSet.noneOf(Part.class);
        for (String w : words) {
            try {
                out.add(valueOf(w.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw obs.core.ObsException.usage("--only: unknown part '" + w + "' (known: prometheus, grafana, alertmanager, config)");
            }
        }
        return out;
    }
}
