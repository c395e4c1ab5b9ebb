package obs.discover;

import java.util.List;
import java.util.Map;

/**
 * One Service in the coverage report.
 *
 * @param kind        mariadb, postgresql, redis, mongodb, metrics, http or other
 * @param team        the team of the profile's discovery.teams it belongs to, or null
 * @param monitoredBy the Prometheus jobs that scrape or probe it ("blackbox (discover)" when only discovery's own
 *                    file does)
 */
public record Finding(String namespace, String service, String kind, String team, List<String> monitoredBy,
                      List<Suggestion> suggestions) {
    /**
     * What to add. A scrape or probe suggestion is what --apply writes (file_sd target and labels); exporter and
     * setting suggestions are changes to the profile, for a person to make.
     *
     * @param applied whether discovery's file in the ConfigMap already holds this target
     */
    public record Suggestion(Type type, String target, String module, Map<String, String> labels, String text, boolean applied) {
    }

    public enum Type { scrape, probe, exporter, setting }

    /** Whether anything scrapes or probes it. */
    public boolean monitored() {
        return !monitoredBy.isEmpty();
    }

    /** Whether it should be monitored and is not: every kind but other. */
    public boolean uncovered() {
        return !monitored() && !kind.equals("other");
    }
}
