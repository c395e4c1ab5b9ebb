package obs.probe;

import java.net.URI;
import java.util.Map;
import obs.probe.config.Module;

/**
 * A thing to probe with the module that says how.
 *
 * @param name    the target as the user wrote it, a password in it replaced by xxxxx (see TargetParser#redact);
 *                also its {@code target} label
 * @param module  the module (for dns:// targets, with the URL's question)
 * @param host    host name or address to reach
 * @param port    TCP/UDP port, or 0 for icmp and path
 * @param url     the URL for http probes, else null
 * @param labels  extra labels from a targets file
 * @param packets pings or mtr cycles per run, for icmp and path
 */
public record Target(String name, Module module, String host, int port, URI url, Map<String, String> labels, int packets) {
    public Module.Prober prober() {
        return module.prober();
    }
}
