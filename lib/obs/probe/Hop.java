package obs.probe;

/**
 * One hop of an mtr report. Times are milliseconds, as mtr gives them.
 *
 * @param hop    1-based hop number
 * @param host   the address that answered, or null when nothing did ("???" in mtr)
 * @param loss   lost share of the packets, 0..1
 * @param sent   packets sent to this hop
 * @param last   last RTT
 * @param avg    mean RTT
 * @param best   lowest RTT
 * @param worst  highest RTT
 * @param stddev standard deviation of the RTT
 */
public record Hop(int hop, String host, double loss, int sent, double last, double avg, double best, double worst,
                  double stddev) {
    public boolean answered() {
        return host != null;
    }

    /** The host as mtr prints it. */
    public String label() {
        return host == null ? "???" : host;
    }
}
