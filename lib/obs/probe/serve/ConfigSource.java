package obs.probe.serve;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import obs.cli.Console;
import obs.core.InputFile;
import obs.core.ObsException;
import obs.probe.Duplicates;
import obs.probe.ProbeRun;
import obs.probe.TargetsFile;
import obs.probe.TargetsFile.Scheduled;
import obs.probe.config.Modules;

/**
 * The exporter's two input files and whether they changed. Contents are compared, not modification times:
 * a Kubernetes ConfigMap update swaps a symlink, which keeps the old file's mtime.
 */
final class ConfigSource {
    private final Path targetsFile;
    private final Path configFile;
    private final Console console;
    private int fingerprint;

    /** A consistent pair of modules and targets. */
    record Loaded(Modules modules, List<Scheduled> targets) {
    }

    ConfigSource(Path targetsFile, Path configFile, Console console) {
        this.targetsFile = targetsFile;
        this.configFile = configFile;
        this.console = console;
    }

    /** Loads both files; a usage error names the file and line, a repeated target is warned about and probed once. */
    Loaded load() {
        int seen = current();
        Modules modules = ProbeRun.modules(configFile, console);
        List<Scheduled> targets = Duplicates.dropped(TargetsFile.resolve(targetsFile, modules), console::warn);
        fingerprint = seen;
        return new Loaded(modules, targets);
    }

    boolean changed() {
        return current() != fingerprint;
    }

    private int current() {
        return Arrays.hashCode(new int[] {contentHash(targetsFile), contentHash(configFile)});
    }

    private static int contentHash(Path file) {
        if (file == null) {
            return 0;
        }
        try {
            return Arrays.hashCode(InputFile.readBytes(file));
        } catch (IOException | ObsException e) {
            return -1;
        }
    }
}
