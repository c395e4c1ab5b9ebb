package obs.install;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/** What to install: the profile and its overrides, the component selection and the image mirror. */
public final class InstallOptions {
    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "default", description = "Profile from manifests/profiles.")
    public String profile = "default";

    @Option(names = "--size", paramLabel = "SIZE", description = "Size from manifests/profiles/sizes.yaml (small, medium, large); "
            + "shorthand for --set size=SIZE.")
    public String size;

    @Option(names = {"-f", "--values"}, paramLabel = "FILE", showDefaultValue = Visibility.NEVER,
            description = "Values file overriding the profile (repeatable, later wins).")
    public List<Path> valuesFiles = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE", showDefaultValue = Visibility.NEVER,
            description = "Override one value, e.g. retention.metrics=15d or "
            + "'nodeSelector[ao-node]=observability' (repeatable, applied after the values files).")
    public List<String> sets = new ArrayList<>();

    @Option(names = "--only", split = ",", paramLabel = "COMPONENT", showDefaultValue = Visibility.NEVER,
            description = "Install only these components.")
    public List<String> only = new ArrayList<>();

    @Option(names = "--skip", split = ",", paramLabel = "COMPONENT", showDefaultValue = Visibility.NEVER,
            description = "Leave these components out.")
    public List<String> skip = new ArrayList<>();

    @Option(names = "--registry", paramLabel = "HOST[/PATH]", description = "Pull every image from this mirror (air-gapped clusters).")
    public String registry;

    /** The --set list with --size first, so that an explicit --set size=... still wins. */
    List<String> allSets() {
        List<String> out = new ArrayList<>();
        if (size != null) {
            out.add("size=" + size);
        }
        out.addAll(sets);
        return out;
    }
}
