package obs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import obs.core.ObsException;

/**
 * Finds the obs checkout (the folder holding jbang-catalog.json and manifests/, checks/, runbooks/).
 * JBang does not tell a script where it lives, so: $OBS_HOME, else walk up from the working directory.
 */
public final class RepoRoot {
    private RepoRoot() {
    }

    public static Path find() {
        return find(System.getenv("OBS_HOME"), Path.of("").toAbsolutePath());
    }

    static Path find(String obsHome, Path cwd) {
        if (obsHome != null && !obsHome.isBlank()) {
            Path home = Path.of(obsHome).toAbsolutePath();
            if (!Files.isRegularFile(home.resolve("jbang-catalog.json"))) {
                throw ObsException.usage("OBS_HOME=" + obsHome + " is not an obs checkout (no jbang-catalog.json there)");
            }
            return home;
        }
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("jbang-catalog.json")) && Files.isDirectory(dir.resolve("checks"))) {
                return dir;
            }
        }
        throw ObsException.usage("cannot find the obs checkout (jbang-catalog.json) in " + cwd
                + " or above: run obs inside it or set OBS_HOME");
    }
}
