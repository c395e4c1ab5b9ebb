package obs.probe;

import java.util.Map;

/**
 * One metric value a probe produced, named as the blackbox exporter names it where the meaning is the same.
 *
 * @param name   metric name, e.g. probe_http_status_code
 * @param labels label pairs, in order
 * @param value  the value
 */
public record Sample(String name, Map<String, String> labels, double value) {
}
