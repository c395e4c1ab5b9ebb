package obs.kube;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import obs.cli.Json;
import obs.cli.ObsException;
import tools.jackson.core.JacksonException;

/**
 * The endpoints file: where each component of a locally run stack listens, written by {@code sandbox up}
 * and read by check-services and the other commands. Managed entries also carry the process that obs
 * started, so that {@code sandbox down} stops exactly that process and nothing else.
 */
public record EndpointsFile(int version, Map<String, Entry> components) {
    /**
     * One component.
     *
     * @param url       base URL of its HTTP port
     * @param pid       process obs started, or null when the component runs elsewhere (added with --external)
     * @param startedAt the process's start instant as the OS reports it, to recognise a reused PID
     * @param binary    the executable obs started
     * @param dataDir   its data folder
     * @param log       its log file
     */
    public record Entry(String url, Long pid, String startedAt, String binary, String dataDir, String log) {
        public static Entry external(String url) {
            return new Entry(url, null, null, null, null, null);
        }
    }

    public EndpointsFile {
        components = components == null ? new TreeMap<>() : new TreeMap<>(components);
    }

    /**
     * Where the sandbox keeps its state and endpoints file: $OBS_SANDBOX_DIR, else $XDG_STATE_HOME/obs/sandbox,
     * else ~/.local/state/obs/sandbox.
     */
    public static Path defaultStateDir() {
        String dir = System.getenv("OBS_SANDBOX_DIR");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir).toAbsolutePath();
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("obs").resolve("sandbox");
    }

    /** The endpoints file inside a state folder. */
    public static Path in(Path stateDir) {
        return stateDir.resolve("endpoints.json");
    }

    public static EndpointsFile empty() {
        return new EndpointsFile(1, Map.of());
    }

    public static EndpointsFile read(Path file) {
        String text = null;
        try {
            text = obs.cli.InputFile.readString(file);
            return Json.mapper().readValue(text, EndpointsFile.class);
        } catch (NoSuchFileException e) {
            throw ObsException.usage(file + ": no such endpoints file (start the sandbox with 'sandbox up')");
        } catch (IOException e) {
            throw ObsException.usage(file + ": cannot read: " + e.getMessage());
        } catch (JacksonException e) {
            throw ObsException.usage(file + position(e, text) + ": invalid endpoints file: " + e.getOriginalMessage());
        }
    }

    /**
     * Where the error is. Jackson buffers a record's properties before binding them, which loses the
     * location of an unknown property; for those we point at the first line naming it.
     */
    private static String position(JacksonException e, String text) {
        var loc = e.getLocation();
        if (loc != null && loc.getLineNr() > 0) {
            return ":" + loc.getLineNr() + ":" + loc.getColumnNr();
        }
        if (e instanceof tools.jackson.databind.exc.PropertyBindingException p && text != null) {
            var lines = text.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                int col = lines.get(i).indexOf('"' + p.getPropertyName() + '"');
                if (col >= 0) {
                    return ":" + (i + 1) + ":" + (col + 1);
                }
            }
        }
        return "";
    }

    /** Writes the file atomically (temp file and rename), so a reader never sees half of it. */
    public void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, Json.mapper().writeValueAsString(this) + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw ObsException.internal("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public EndpointsFile with(String component, Entry entry) {
        Map<String, Entry> copy = new TreeMap<>(components);
        copy.put(component, entry);
        return new EndpointsFile(version, copy);
    }

    public EndpointsFile without(String component) {
        Map<String, Entry> copy = new TreeMap<>(components);
        copy.remove(component);
        return new EndpointsFile(version, copy);
    }
}
