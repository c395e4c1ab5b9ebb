package obs.probe.config;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import obs.core.ObsException;

/**
 * The modules a run can use. With a blackbox configuration file, that file is the whole truth, as it is for the
 * blackbox exporter: a module it does not define is unknown, even when obs has a built-in of that name. The
 * built-ins serve only where no module was named: the module a scheme implies ({@code path://} uses
 * {@code path}) is the file's when the file defines it, else the built-in.
 */
public final class Modules {
    private final Map<String, Module> byName;
    private final Map<String, Module> builtins;
    private final String file;

    private Modules(Map<String, Module> byName, String file) {
        this.byName = byName;
        this.builtins = BuiltinModules.all();
        this.file = file;
    }

    /** The modules of {@code file}, or the built-ins when {@code file} is null. */
    public static Modules load(Path file) {
        if (file == null) {
            return new Modules(BuiltinModules.all(), null);
        }
        return new Modules(ModuleFile.load(file), file.toString());
    }

    /** The modules parsed from text, named {@code source} (tests, and the reload check). */
    public static Modules of(String source, String text) {
        return new Modules(ModuleFile.read(source, text), source);
    }

    /** The modules usable by name. */
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
            throw ObsException.usage("unknown module '" + name + "'" + (file == null ? "" : " in " + file) + " (known: "
                    + String.join(", ", byName.keySet()) + (file == null ? "; no blackbox file loaded, see --config-file" : "")
                    + ")");
        }
        return usable(m);
    }

    /** The module a target's scheme implies: the file's module of that name, else obs's built-in. */
    public Module forScheme(String name) {
        Module m = byName.get(name);
        return usable(m != null ? m : builtins.get(name));
    }

    private static Module usable(Module m) {
        if (!m.unsupported().isEmpty()) {
            throw ObsException.usage(m.unsupported().get(0).location() + ": module '" + m.name() + "' uses "
                    + m.unsupported().stream().map(Unsupported::option).collect(Collectors.joining(", "))
                    + ", which obs probe does not support");
        }
        return m;
    }
}
