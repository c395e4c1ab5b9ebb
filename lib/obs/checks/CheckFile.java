package obs.checks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import obs.core.ObsException;
import obs.stack.Component;
import obs.stack.Stack;
import obs.yaml.YamlRecords;

/** The checks of one component: checks/&lt;component&gt;.yaml. */
public record CheckFile(String component, List<Check> checks) {
    public CheckFile {
        if (component == null) {
            throw new IllegalArgumentException("missing required key 'component'");
        }
        Component c = Stack.find(component).orElseThrow(
                () -> new IllegalArgumentException("unknown component '" + component + "' (known: " + Stack.names() + ")"));
        checks = checks == null ? List.of() : checks.stream().map(check -> check.completed(c)).toList();
        YamlRecords.requireUnique("checks", checks, Check::id, "id", "check id");
    }

    /** Loads and validates a checks file; the file name must match the component it declares. */
    public static CheckFile load(Path file) {
        CheckFile cf = YamlRecords.load(file, CheckFile.class);
        String expected = cf.component() + ".yaml";
        if (!file.getFileName().toString().equals(expected)) {
            throw ObsException.usage(file + ": declares component '" + cf.component() + "' but should be named " + expected);
        }
        return cf;
    }

    /** Loads the checks file of a component from the checks folder, or an empty set when it has none. */
    public static CheckFile forComponent(Path checksDir, String component) {
        Path file = checksDir.resolve(component + ".yaml");
        return Files.exists(file) ? load(file) : new CheckFile(component, List.of());
    }
}
