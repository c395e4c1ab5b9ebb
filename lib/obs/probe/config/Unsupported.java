package obs.probe.config;

/**
 * A blackbox option present in a module that obs does not implement. A module carrying one cannot be used
 * by obs, so a probe with it is refused instead of running with a silently different meaning.
 *
 * @param location file:line:col of the option
 * @param option   its path, e.g. {@code http.oauth2}
 */
public record Unsupported(String location, String option) {
    @Override
    public String toString() {
        return location + ": " + option;
    }
}
