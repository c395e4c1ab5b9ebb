package obs.verify;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The steps of verify-installation, in the order they are reported. */
public enum StepName {
    components("what check-services checks, with pods Ready and claims Bound"),
    metrics("scrape targets up, a pushed metric and a remote-write sample queried back, rules evaluate"),
    logs("a pushed line found again with LogQL; in a cluster, the log agent's lines arrive"),
    traces("a span sent over OTLP/HTTP fetched back by trace id; span metrics when the generator is on"),
    correlation("the run's metric, line and trace share ids, and Grafana's links between them work"),
    alerts("a fire drill through Alertmanager's routing tree, and the Watchdog dead-man alert"),
    grafana("healthy, every datasource passes its health check, dashboards and the uids they name exist"),
    network("the blackbox exporter probes a known-good target; smokeping and MTR series exist");

    public final String description;

    StepName(String description) {
        this.description = description;
    }

    /** The steps named in a --only/--skip list; an unknown name is a usage error naming it. */
    public static List<StepName> parse(String option, List<String> names) {
        return names.stream().map(String::trim).filter(n -> !n.isEmpty()).map(n -> {
            try {
                return valueOf(n.toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw obs.core.ObsException.usage(option + ": unknown step '" + n + "' (steps: " + names() + ")");
            }
        }).toList();
    }

    public static String names() {
        return Arrays.stream(values()).map(StepName::name).collect(Collectors.joining(", "));
    }
}
