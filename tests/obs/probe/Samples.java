package obs.probe;

import java.util.LinkedHashMap;
import java.util.Map;
import obs.probe.config.Modules;

/** Test helpers: probe one target with the fixture modules, and read a sample back. */
final class Samples {
    static final Modules MODULES = Modules.load(ModuleFileTest.FIXTURES.resolve("modules.yml"));
    private static final ProbeEngine ENGINE = ProbeEngine.system(PathHistory.inMemory());

    private Samples() {
    }

    static ProbeResult probe(String target, String module) {
        return ENGINE.probe(new TargetParser(MODULES).parse(target, module, Map.of()), null);
    }

    /** The value of sample {@code name} with the given label pairs, or NaN when absent. */
    static double value(ProbeResult r, String name, String... labels) {
        Map<String, String> want = new LinkedHashMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            want.put(labels[i], labels[i + 1]);
        }
        return r.samples().stream().filter(s -> s.name().equals(name) && s.labels().equals(want)).mapToDouble(Sample::value)
                .findFirst().orElse(Double.NaN);
    }
}
