package obs.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import obs.cli.ObsException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;

/**
 * The last path seen per target, to tell whether a path changed. The exporter keeps it in memory; the CLI
 * keeps it in a small JSON file so "changed since the last run" holds across invocations.
 * A hop that did not answer matches any address: silence is loss, not a new route.
 */
public final class PathHistory {

    private final Path file;
    private final Map<String, Entry> entries = new HashMap<>();

    /** What is known about one target's path. */
    public record Entry(List<String> path, int changes, Instant lastChange) {
    }

    /** Whether this run's path differs from the previous one, and that previous path. */
    public record Change(boolean changed, List<String> previous, Entry entry) {
    }

    private PathHistory(Path file) {
        this.file = file;
    }

    public static PathHistory inMemory() {
        return new PathHistory(null);
    }

    /** A history stored in {@code file}; an unreadable file starts a new history rather than failing a probe. */
    public static PathHistory inFile(Path file) {
        PathHistory h = new PathHistory(file);
        if (Files.isRegularFile(file)) {
            try {
                Map<String, List<String>> stored = obs.cli.Json.mapper().readValue(obs.cli.InputFile.readBytes(file), new TypeReference<Map<String, List<String>>>() { });
                stored.forEach((k, v) -> h.entries.put(k, new Entry(v, 0, null)));
            } catch (JacksonException | java.io.IOException | obs.cli.ObsException e) {
                h.entries.clear();
            }
        }
        return h;
    }

    public synchronized Change record(String target, List<Hop> hops) {
        List<String> path = new ArrayList<>();
        for (Hop hop : hops) {
            path.add(hop.host());
        }
        Entry before = entries.get(target);
        boolean changed = before != null && differs(before.path(), path);
        Entry now = new Entry(path, before == null ? 0 : before.changes() + (changed ? 1 : 0),
                changed ? Instant.now() : before == null ? null : before.lastChange());
        entries.put(target, now);
        save();
        return new Change(changed, before == null ? List.of() : before.path().stream().map(h -> h == null ? "???" : h).toList(), now);
    }

    public synchronized Entry get(String target) {
        return entries.get(target);
    }

    /** Forgets targets no longer probed, so a removed target's series disappear. */
    public synchronized void retain(java.util.Set<String> targets) {
        entries.keySet().retainAll(targets);
    }

    static boolean differs(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            return true;
        }
        for (int i = 0; i < a.size(); i++) {
            String x = a.get(i);
            String y = b.get(i);
            if (x != null && y != null && !x.equals(y)) {
                return true;
            }
        }
        return false;
    }

    private void save() {
        if (file == null) {
            return;
        }
        Map<String, List<String>> out = new HashMap<>();
        entries.forEach((k, v) -> out.put(k, v.path()));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".paths", ".tmp");
            obs.cli.Json.mapper().writeValue(tmp.toFile(), out);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | JacksonException e) {
            throw ObsException.usage("cannot save the path history to " + file + ": " + e.getMessage(), e);
        }
    }
}
