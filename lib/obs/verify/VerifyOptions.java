package obs.verify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import obs.core.ObsException;

/** verify-installation's own options, checked before anything runs: a bad one is exit 2 naming it. */
public final class VerifyOptions {
    private VerifyOptions() {
    }

    /** The steps --only and --skip leave, in report order; an unknown step name is a usage error naming it. */
    public static List<StepName> steps(List<String> only, List<String> skip) {
        List<StepName> wanted = StepName.parse("--only", only);
        List<StepName> unwanted = StepName.parse("--skip", skip);
        List<StepName> out = new ArrayList<>();
        for (StepName s : StepName.values()) {
            if ((wanted.isEmpty() || wanted.contains(s)) && !unwanted.contains(s)) {
                out.add(s);
            }
        }
        if (out.isEmpty()) {
            throw ObsException.usage("--only and --skip leave no step to run");
        }
        return out;
    }

    /** The --junit file's folder must exist and the file must not be a folder: found now, not after the run. */
    public static void checkJunitTarget(Path junit) {
        if (junit == null) {
            return;
        }
        Path dir = junit.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw ObsException.usage("--junit " + junit + ": no such folder " + dir);
        }
        if (Files.isDirectory(junit)) {
            throw ObsException.usage("--junit " + junit + ": is a folder");
        }
    }
}
