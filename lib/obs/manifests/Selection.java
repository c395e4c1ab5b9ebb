package obs.manifests;

import java.util.ArrayList;
import java.util.List;
import obs.core.ObsException;
import obs.values.Values;

/** Which folders an installation renders: the namespace, then the enabled components narrowed by --only or --skip. */
public final class Selection {
    private Selection() {
    }

    /**
     * The folders in install order. {@code --only} names exactly what to install (even a component the profile
     * leaves off); {@code --skip} leaves out components the profile would install.
     */
    public static List<String> folders(ManifestSet set, Values values, List<String> only, List<String> skip) {
        if (!only.isEmpty() && !skip.isEmpty()) {
            throw ObsException.usage("--only and --skip exclude each other");
        }
        check(set, only, "--only");
        check(set, skip, "--skip");
        List<String> out = new ArrayList<>();
        out.add(ManifestSet.NAMESPACE_FOLDER);
        for (String folder : set.toggles()) {
            boolean wanted = only.isEmpty() ? values.components().getOrDefault(folder, false) && !skip.contains(folder)
                    : only.contains(folder);
            if (wanted) {
                out.add(folder);
            }
        }
        return out;
    }

    private static void check(ManifestSet set, List<String> names, String option) {
        for (String name : names) {
            if (!set.toggles().contains(name)) {
                throw ObsException.usage("unknown component '" + name + "' in " + option + " (known: "
                        + String.join(", ", set.toggles()) + ")");
            }
        }
    }
}
