package obs.probe.config;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import obs.cli.ObsException;

/** The modules a run can use: the built-ins, overridden by those of a blackbox configuration file. */
public final class Modules {
    private final Map<String, Module> byName;
    private final Path file;

    private Modules(Map<String, Module> byName, Path file) {
        this.byName = byName;
        this.file = file;
    }

    /** Built-ins plus the modules of {@code file} (none when {@code file} is null). */
    public static Modules load(Path file) {
        Map<String, Module> all = new LinkedHashMap<>(BuiltinModules.all());
        if (file != null) {
            all.putAll(ModuleFile.load(file));
        }
        return new Modules(all, file);
    }

    /** Built-ins plus modules parsed from text (tests, and the reload check). */
    public static Modules of(String source, String text) {
        Map<String, Module> all = new LinkedHashMap<>(BuiltinModules.all());
        all.putAll(ModuleFile.read(source, text));
        return new Modules(all, null);
    }

    public Collection<Module> all() {
        return byName.values();
    }

    public Optional<Module> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The module to probe with: unknown names and modules with options obs does not implement are usage errors,
     * so a probe never runs with a meaning different from the deployed exporter's.
     */
    public Module get(String name) {
        Module m = byName.get(name);
        if (m == null) {
            throw ObsException.usage("unknown module '" + name + "' (known: " + String.join(", ", byName.keySet())
                    + (file == null ? "; no blackbox file loaded, see --config-file" : "") + ")");
        }
        if (!m.unsupported().isEmpty()) {
            throw ObsException.usage(m.unsupported().get(0).location() + ": module '" + name + "' uses "
                    + m.unsupported().stream().map(Unsupported::option).collect(Collectors.joining(", "))
                    + ", which obs probe does not support");
        }
        return m;
    }
}
