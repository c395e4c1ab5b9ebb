package obs.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void parsesPrometheusStyleDurations() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
        assertEquals(Duration.ofDays(14), Durations.parse("2w"));
    }

    @Test
    void rejectsGarbageAndTrailingText() {
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("10"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("10s "));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(""));
    }

    @Test
    void followsPrometheusGrammarAndRange() {
        assertEquals(Duration.ofDays(365 + 14), Durations.parse("1y2w"));
        assertEquals(Duration.ZERO, Durations.parse("0"));
        assertEquals(Duration.ofNanos(Long.MAX_VALUE).toDays(), Durations.parse("106751d").toDays());
        assertEquals("invalid duration '1h1d' (units go from y to ms, largest first, each once: e.g. 1d12h)",
                assertThrows(IllegalArgumentException.class, () -> Durations.parse("1h1d")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("1d1d"));
        assertEquals("'106752d' is too long (accepted: up to 106751d, as Prometheus, Loki and Tempo count in 64-bit nanoseconds)",
                assertThrows(IllegalArgumentException.class, () -> Durations.parse("106752d")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("99999999999999999999999999s"));
    }

    @Test
    void formatsShortForTables() {
        assertEquals("12ms", Durations.format(Duration.ofMillis(12)));
        assertEquals("1.5s", Durations.format(Duration.ofMillis(1500)));
        assertEquals("5s", Durations.format(Duration.ofSeconds(5)));
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            assertEquals("2.5s", Durations.format(Duration.ofMillis(2500)), "a decimal point in every locale");
        } finally {
            java.util.Locale.setDefault(before);
        }
    }
}
