package obs.cli;

import java.time.Duration;
import obs.core.Durations;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converter for durations written the Prometheus way: 500ms, 10s, 2m, 1h. */
public class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** For a repeat interval: anything shorter only loads the stack and the API server with back-to-back runs. */
    public static final class Interval extends DurationConverter {
        static final Duration MINIMUM = Duration.ofSeconds(1);

        @Override
        public Duration convert(String value) {
            Duration d = super.convert(value);
            if (d.compareTo(MINIMUM) < 0) {
                throw new TypeConversionException("'" + value + "' is too short: the minimum is " + Durations.format(MINIMUM));
            }
            return d;
        }
    }
}
