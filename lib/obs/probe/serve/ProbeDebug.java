package obs.probe.serve;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import obs.core.Durations;
import obs.probe.ProbeResult;
import obs.probe.Target;
import obs.probe.config.Module;

/**
 * The answer to blackbox's {@code /probe?...&debug=true}: what the probe did, the metrics it would have returned
 * and the module it ran with, as text for a person asking "why does this probe fail?". Same three sections as the
 * blackbox exporter, so the habit carries over.
 */
final class ProbeDebug {
    private ProbeDebug() {
    }

    static String text(Target target, ProbeResult result, byte[] metrics) {
        Module m = target.module();
        String prefix = result.at() + " module=" + m.name() + " target=" + target.name() + " ";
        StringBuilder out = new StringBuilder("Logs for the probe:\n");
        out.append(prefix).append("msg=\"").append(result.success() ? "Probe succeeded" : "Probe failed: " + result.error())
                .append("\" duration_seconds=").append(String.format(Locale.ROOT, "%.6f", result.duration().toNanos() / 1e9)).append('\n');
        result.facts().forEach((k, v) -> out.append(prefix).append(k).append('=').append(v).append('\n'));
        out.append("\n\n\nMetrics that would have been returned:\n").append(new String(metrics, StandardCharsets.UTF_8));
        out.append("\n\n\nModule configuration:\n")
                .append("name: ").append(m.name()).append('\n')
                .append("prober: ").append(m.prober()).append('\n')
                .append("timeout: ").append(m.timeout() == null ? "(the scrape's)" : Durations.format(m.timeout())).append('\n')
                .append("defined at: ").append(m.location() == null ? "built in" : m.location()).append('\n')
                .append("settings: ").append(switch (m.prober()) {
                    case http -> m.http();
                    case tcp -> m.tcp();
                    case dns -> m.dns();
                    case icmp, path -> m.icmp();
                }).append('\n');
        return out.toString();
    }
}
