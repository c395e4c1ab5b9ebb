package obs.core;

/** The toolkit's version, as backup manifests and the install record state it (pom.xml's project version). */
public final class ObsVersion {
    public static final String VERSION = "0.1.0";

    private ObsVersion() {
    }
}
