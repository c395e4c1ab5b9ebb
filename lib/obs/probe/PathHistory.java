package obs.probe;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import obs.core.InputFile;
import obs.core.Json;
import obs.core.ObsException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The last path seen per destination, to tell whether a path changed. It is keyed by module and host, not by
 * the target's text, so {@code path://H?packets=50} and {@code path://H?packets=20} share one history.
 * In a file (the CLI's state dir, {@code probe serve --state-file}) it survives restarts: the file is written
 * under a lock, to a temp name then renamed, merged with what another copy wrote meanwhile, and bounded.
 * A file that cannot be used (not a regular file, too big, not a history) is reported once and ignored: the
 * history starts empty and probing goes on. A hop that did not answer matches any address: silence is loss,
 * not a new route.
 */
public final class PathHistory {
    /** Destinations kept; the least recently probed go first. */
    static final int MAX_ENTRIES = 10_000;
    /** mtr probes at most 255 hops (its -m); anything longer is not a path. */
    static final int MAX_HOPS = 255;
    /** A full history is about 1 MB; a bigger file is not ours. */
    static final int MAX_FILE_BYTES = 8 << 20;
    private static final int VERSION = 1;
    /** One JVM-wide guard: a JVM may not hold two locks on one file, and tests run several histories. */
    private static final Object FILE_GUARD = new Object();

    private final Path file;
    private final Consumer<String> warn;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Set<String> forgotten = new HashSet<>();
    private boolean saveWarned;

    /**
     * What is known about one destination's path.
     *
     * @param path       addresses hop by hop, null where no hop answered
     * @param changes    times the path changed since it was first seen
     * @param lastChange when it last changed, or null
     * @param seen       when it was last probed
     */
    public record Entry(List<String> path, int changes, Instant lastChange, Instant seen) {
    }

    /** Whether this run's path differs from the previous one, and that previous path. */
    public record Change(boolean changed, List<String> previous, Entry entry) {
    }

    private PathHistory(Path file, Consumer<String> warn) {
        this.file = file;
        this.warn = warn;
    }

    public static PathHistory inMemory() {
        return new PathHistory(null, message -> { });
    }

    /** A history kept in {@code file}; problems with the file go to {@code warn}, each kind once. */
    public static PathHistory inFile(Path file, Consumer<String> warn) {
        PathHistory h = new PathHistory(file, warn);
        try {
            h.entries.putAll(read(file));
        } catch (IOException | JacksonException | IllegalArgumentException e) {
            warn.accept("ignoring the path history in " + file + " (" + reason(e) + "); starting a new one");
        }
        return h;
    }

    /** The history key of a target: its module and destination host. */
    public static String key(Target t) {
        return t.module().name() + " " + t.host().toLowerCase(Locale.ROOT);
    }

    public synchronized Change record(String key, List<Hop> hops) {
        List<String> path = new ArrayList<>();
        for (Hop hop : hops) {
            path.add(hop.host());
        }
        Entry before = entries.remove(key);
        boolean changed = before != null && differs(before.path(), path);
        Instant now = Instant.now();
        Entry entry = new Entry(nullable(path), before == null ? 0 : before.changes() + (changed ? 1 : 0),
                changed ? now : before == null ? null : before.lastChange(), now);
        entries.put(key, entry);
        forgotten.remove(key);
        trim(entries);
        save();
        return new Change(changed, before == null ? List.of() : before.path().stream().map(h -> h == null ? "???" : h).toList(),
                entry);
    }

    public synchronized Entry get(String key) {
        return entries.get(key);
    }

    /** Forgets destinations no longer probed, so a removed target's series disappear. */
    public synchronized void retain(Set<String> keys) {
        for (String k : new ArrayList<>(entries.keySet())) {
            if (!keys.contains(k)) {
                entries.remove(k);
                forgotten.add(k);
            }
        }
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

    /**
     * Writes the history, merged with what another copy (a second CLI run) wrote since: its destinations are kept
     * unless this one forgot them. A failure is reported once; the history still works in memory.
     */
    private void save() {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        synchronized (FILE_GUARD) {
            try {
                Files.createDirectories(dir);
                try (FileChannel lockFile = FileChannel.open(dir.resolve(file.getFileName() + ".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock lock = lockFile.lock()) {
                    Map<String, Entry> merged = new LinkedHashMap<>();
                    try {
                        read(file).forEach((k, v) -> {
                            if (!forgotten.contains(k)) {
                                merged.put(k, v);
                            }
                        });
                    } catch (IOException | JacksonException | IllegalArgumentException unusable) {
                        // reported when loaded; what another copy left there is replaced
                    }
                    merged.keySet().removeAll(entries.keySet());
                    merged.putAll(entries);
                    trim(merged);
                    tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
                    Json.mapper().writeValue(tmp.toFile(), serialise(merged));
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    tmp = null;
                }
            } catch (IOException | JacksonException e) {
                if (!saveWarned) {
                    saveWarned = true;
                    warn.accept("cannot save the path history to " + file + " (" + reason(e)
                            + "); path changes are remembered only until obs exits");
                }
            } finally {
                deleteQuietly(tmp);
            }
        }
    }

    /** The history in {@code file}; empty when there is none. */
    private static Map<String, Entry> read(Path file) throws IOException {
        Map<String, Entry> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        byte[] bytes;
        try {
            bytes = InputFile.readBytes(file, MAX_FILE_BYTES);
        } catch (ObsException e) {
            // "FILE: not a regular file": the warning names the file already.
            String prefix = file + ": ";
            throw new IllegalArgumentException(e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage());
        }
        JsonNode root = Json.mapper().readTree(bytes);
        if (root == null || root.path("version").asInt(0) != VERSION || !root.path("paths").isObject()) {
            throw new IllegalArgumentException("not a version " + VERSION + " path history");
        }
        for (Map.Entry<String, JsonNode> e : root.path("paths").properties()) {
            out.put(e.getKey(), entry(e.getValue()));
        }
        trim(out);
        return out;
    }

    private static Entry entry(JsonNode n) {
        JsonNode hops = n.path("path");
        if (!hops.isArray() || hops.size() > MAX_HOPS) {
            throw new IllegalArgumentException("a path is not a list of at most " + MAX_HOPS + " hops");
        }
        List<String> path = new ArrayList<>();
        for (JsonNode hop : hops) {
            if (!hop.isNull() && !hop.isString()) {
                throw new IllegalArgumentException("a hop is neither an address nor null");
            }
            path.add(hop.isNull() ? null : hop.asString());
        }
        long lastChange = n.path("last_change").asLong(0);
        return new Entry(nullable(path), Math.max(0, n.path("changes").asInt(0)),
                lastChange > 0 ? Instant.ofEpochSecond(lastChange) : null, Instant.ofEpochSecond(n.path("seen").asLong(0)));
    }

    private static Map<String, Object> serialise(Map<String, Entry> entries) {
        Map<String, Object> paths = new LinkedHashMap<>();
        entries.forEach((k, e) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", e.path());
            m.put("changes", e.changes());
            m.put("last_change", e.lastChange() == null ? 0 : e.lastChange().getEpochSecond());
            m.put("seen", e.seen().getEpochSecond());
            paths.put(k, m);
        });
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", VERSION);
        root.put("paths", paths);
        return root;
    }

    /** Keeps the {@link #MAX_ENTRIES} most recently probed destinations. */
    private static void trim(Map<String, Entry> entries) {
        if (entries.size() <= MAX_ENTRIES) {
            return;
        }
        List<String> oldest = entries.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Entry> e) -> e.getValue().seen()))
                .limit(entries.size() - MAX_ENTRIES).map(Map.Entry::getKey).toList();
        oldest.forEach(entries::remove);
    }

    /** An unmodifiable copy that, unlike List.copyOf, keeps the nulls of silent hops. */
    private static List<String> nullable(List<String> path) {
        return java.util.Collections.unmodifiableList(new ArrayList<>(path));
    }

    private static String reason(Exception e) {
        if (e instanceof JacksonException j) {
            return "not valid JSON: " + j.getOriginalMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs) {
            return fs.getReason() != null ? fs.getReason() : "cannot use " + fs.getFile();
        }
        return e.getMessage() != null ? e.getMessage() : "input/output error";
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp == null) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // a stray temp file is harmless; the next save writes a new one
        }
    }
}
