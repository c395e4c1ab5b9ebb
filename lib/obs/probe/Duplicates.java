package obs.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import obs.probe.TargetsFile.Scheduled;

/**
 * Targets listed more than once (same target and module). Probing one twice would count it twice in a run and,
 * in the exporter, give two results the same series; so each is probed once, and one warning names every
 * repeat by its own position and the position it repeats.
 */
public final class Duplicates {
    private Duplicates() {
    }

    /** The targets with repeats left out, in order; {@code warn} gets one message when there were any. */
    public static List<Scheduled> dropped(List<Scheduled> targets, Consumer<String> warn) {
        Map<String, Scheduled> first = new LinkedHashMap<>();
        List<String> repeats = new ArrayList<>();
        for (Scheduled s : targets) {
            String key = s.target().name() + "\n" + s.target().module().name();
            Scheduled earlier = first.putIfAbsent(key, s);
            if (earlier != null) {
                repeats.add(s.position() + " repeats " + earlier.position() + " (" + s.target().name() + ", module "
                        + s.target().module().name() + ")");
            }
        }
        if (!repeats.isEmpty()) {
            warn.accept(repeats.size() + (repeats.size() == 1 ? " target is" : " targets are")
                    + " listed twice and probed once: " + String.join("; ", repeats));
        }
        return List.copyOf(first.values());
    }
}
