package obs.core;

import java.math.BigInteger;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the Prometheus way (500ms, 10s, 2m, 1h, 7d, 1h30m), as every config in the stack does. The
 * grammar and range are those of Prometheus' own parser (prometheus/common model.ParseDuration), which Loki and the
 * blackbox exporter share: units from y to ms in that order, each at most once, or a bare 0; at most 2^63-1
 * nanoseconds, Go's time.Duration, which is also where Tempo's durations end. What obs accepts, they accept.
 */
public final class Durations {
    /** The longest duration the components can hold, in the largest whole unit: 106751d (about 292 years). */
    public static final String MAX_TEXT = "106751d";
    private static final Pattern PROMETHEUS = Pattern.compile(
            "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final Pattern UNITS_IN_ANY_ORDER = Pattern.compile("(\\d+(ms|y|w|d|h|m|s))+");
    private static final long[] UNIT_NANOS = {365L * 86_400_000_000_000L, 7L * 86_400_000_000_000L, 86_400_000_000_000L,
        3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L};
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

    private Durations() {
    }

    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PROMETHEUS.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid duration '" + text + (UNITS_IN_ANY_ORDER.matcher(text).matches()
                    ? "' (units go from y to ms, largest first, each once: e.g. 1d12h)" : "' (use e.g. 500ms, 10s, 2m, 1h)"));
        }
        // Digits are summed as BigInteger: twenty of them would overflow a long before the range check could speak.
        BigInteger nanos = BigInteger.ZERO;
        for (int i = 0; i < UNIT_NANOS.length; i++) {
            if (m.group(i + 1) != null) {
                nanos = nanos.add(new BigInteger(m.group(i + 1)).multiply(BigInteger.valueOf(UNIT_NANOS[i])));
            }
        }
        if (nanos.compareTo(MAX_NANOS) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too long (accepted: up to " + MAX_TEXT
                    + ", as Prometheus, Loki and Tempo count in 64-bit nanoseconds)");
        }
        return Duration.ofNanos(nanos.longValueExact());
    }

    /** The short form used in tables and messages: 12ms, 1.4s, 5s (in every locale). */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }
}
