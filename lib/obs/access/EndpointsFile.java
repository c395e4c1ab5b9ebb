package obs.access;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import obs.core.InputFile;
import obs.core.ObsException;
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
     * @param url        base URL of its HTTP port
     * @param pid        process obs started, or null when it runs elsewhere (added with --external) or did not start
     * @param startTicks the process's start time in clock ticks after boot (/proc/PID/stat field 22): with the
     *                   executable, what tells it from a later process with the same PID
     * @param binary     the executable obs started (its real path)
     * @param dataDir    its data folder
     * @param log        its log file
     * @param failure    why the last {@code sandbox up} could not start it, or null
     * @param startedAt  only in files of obs versions before start ticks: the start instant as text, which
     *                   {@code sandbox up} replaces with start ticks; never written
     */
    public record Entry(String url, Long pid, Long startTicks, String binary, String dataDir, String log, String failure,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String startedAt) {
        public static Entry external(String url) {
            return new Entry(url, null, null, null, null, null, null, null);
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

    /**
     * The endpoints file the sandbox options name: --endpoints-file, else the one in --state-dir, else with --sandbox
     * the default state folder's; null when none is given (a cluster, or overrides alone).
     */
    public static Path chosen(Path endpointsFile, Path stateDir, boolean sandbox) {
        if (endpointsFile != null && stateDir != null) {
            throw ObsException.usage("--endpoints-file and --state-dir both name the endpoints file: give one");
        }
        return endpointsFile != null ? endpointsFile : stateDir != null ? in(stateDir) : sandbox ? in(defaultStateDir()) : null;
    }

    /** The endpoints file inside a state folder. */
    public static Path in(Path stateDir) {
        return stateDir.resolve("endpoints.json");
    }

    public static EndpointsFile empty() {
        return new EndpointsFile(1, Map.of());
    }

    public static EndpointsFile read(Path file) {
        try {
            String text = InputFile.readString(file);
            return text.isBlank() ? empty() : checkUrls(file, EndpointsJson.parse(text));
        } catch (NoSuchFileException e) {
            throw ObsException.usage(file + ": no such endpoints file (start the sandbox with 'sandbox up')");
        } catch (IOException e) {
            throw ObsException.usage(file + ": cannot read: " + e.getMessage());
        } catch (JacksonException e) {
            throw ObsException.usage(file + position(e) + ": invalid endpoints file: " + e.getOriginalMessage());
        }
    }

    /** Every entry must be reachable over HTTP: a file:// or host-less URL would fail later as an internal error. */
    private static EndpointsFile checkUrls(Path file, EndpointsFile endpoints) {
        endpoints.components().forEach((name, entry) -> {
            if (entry == null || entry.url() == null) {
                throw ObsException.usage(file + ": component '" + name + "': no url");
            }
            try {
                EndpointOption.httpUrl(entry.url());
            } catch (IllegalArgumentException e) {
                throw ObsException.usage(file + ": component '" + name + "': " + e.getMessage());
            }
        });
        return endpoints;
    }

    private static String position(JacksonException e) {
        var loc = e.getLocation();
        return loc != null && loc.getLineNr() > 0 ? ":" + loc.getLineNr() + ":" + loc.getColumnNr() : "";
    }

    /**
     * The endpoints file of a sandbox that runs: a missing file, or one naming no component, means nothing
     * runs, which is a problem found (exit 1) with the command that starts it, not a usage error.
     */
    public static EndpointsFile readRunning(Path file) {
        if (!Files.exists(file)) {
            throw ObsException.problem("no sandbox runs: " + file + " does not exist; start it with: " + upCommand(file));
        }
        EndpointsFile read = read(file);
        if (read.components().isEmpty()) {
            throw ObsException.problem("no sandbox runs: " + file + " names no component; start it with: " + upCommand(file));
        }
        return read;
    }

    /** The command that writes this endpoints file. */
    public static String upCommand(Path file) {
        Path dir = file.toAbsolutePath().normalize().getParent();
        if (file.toAbsolutePath().normalize().equals(in(defaultStateDir().toAbsolutePath().normalize()))) {
            return "./jbang sandbox up";
        }
        return "./jbang sandbox up --state-dir " + dir + (file.getFileName().toString().equals("endpoints.json")
                ? "" : " (it writes " + in(dir) + ")");
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
