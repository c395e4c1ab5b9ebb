package obs.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a step gathers while it runs: the things it proved, the problems it found and each pipeline's delivery time.
 * A step fails when any problem was found; its message lists the problems first, then what worked.
 */
final class Outcome {
    private final List<String> proved = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Long> delivery = new LinkedHashMap<>();

    synchronized Outcome ok(String what) {
        proved.add(what);
        return this;
    }

    synchronized Outcome problem(String what) {
        problems.add(what);
        return this;
    }

    synchronized void delivered(String pipeline, long millis) {
        delivery.put(pipeline, millis);
    }

    synchronized boolean failed() {
        return !problems.isEmpty();
    }

    synchronized Map<String, Long> delivery() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(delivery));
    }

    synchronized String message() {
        List<String> parts = new ArrayList<>(problems);
        parts.addAll(proved);
        return String.join("; ", parts);
    }
}
