package obs.probe.config;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import obs.core.InputFile;
import obs.core.ObsException;

/** Reads a blackbox exporter configuration file ({@code modules:}) into {@link Module}s. */
public final class ModuleFile {
    /** Sections of a module that belong to probers obs does not have. */
    private static final Set<String> UNSUPPORTED_SECTIONS = Set.of("grpc", "websocket", "unix");

    private ModuleFile() {
    }

    public static Map<String, Module> load(Path file) {
        try {
            return read(file.toString(), InputFile.readString(file));
        } catch (NoSuchFileException e) {
            throw ObsException.usage(file + ": no such file");
        } catch (IOException e) {
            throw ObsException.usage(file + ": cannot read: " + e.getMessage());
        }
    }

    /** Parses {@code text}, named {@code source} in errors. */
    public static Map<String, Module> read(String source, String text) {
        ConfigNode root = ConfigNode.parse(source, text);
        Map<String, Module> modules = new LinkedHashMap<>();
        root.child("modules").children().forEach((name, node) -> modules.put(name, module(name, node)));
        root.noLeftovers();
        return modules;
    }

    private static Module module(String name, ConfigNode n) {
        List<Unsupported> unsupported = new ArrayList<>();
        String proberName = n.string("prober", null);
        if (proberName == null) {
            throw n.error("module '" + name + "' has no prober (http, tcp, dns, icmp or path)");
        }
        Module.Prober prober = null;
        try {
            prober = Module.Prober.valueOf(proberName);
        } catch (IllegalArgumentException e) {
            unsupported.add(new Unsupported(n.unsupported("prober").location(), "prober " + proberName));
        }
        Duration timeout = n.duration("timeout", null);
        HttpSettings http = HttpSettings.from(n.child("http"), unsupported);
        TcpSettings tcp = TcpSettings.from(n.child("tcp"), unsupported);
        DnsSettings dns = DnsSettings.from(n.child("dns"), unsupported);
        IcmpSettings icmp = IcmpSettings.from(n.child("icmp"), unsupported);
        unsupported.addAll(n.leftovers(UNSUPPORTED_SECTIONS));
        return new Module(name, prober, timeout, http, tcp, dns, icmp, List.copyOf(unsupported), n.location());
    }
}
