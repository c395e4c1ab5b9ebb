package obs.probe;

import java.time.Duration;

/**
 * How a run repeats and bounds its probes, and how much loss it accepts.
 *
 * @param count       rounds per target (pings, for icmp)
 * @param interval    time between rounds
 * @param concurrency probes in flight at once
 * @param timeout     per-probe timeout overriding the modules', or null to use theirs
 * @param maxLoss     the loss, 0..1, above which a target fails (see {@link TargetReport#loss()})
 */
public record RunOptions(int count, Duration interval, int concurrency, Duration timeout, double maxLoss) {
    /** Used when neither the module nor the command line gives a timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** The default --max-loss: the threshold of the MtrHighPacketLoss alert, so "fail" here means what pages there. */
    public static final double DEFAULT_MAX_LOSS = 0.05;

    public RunOptions {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        if (!(maxLoss >= 0 && maxLoss <= 1)) {
            throw new IllegalArgumentException("maxLoss must be between 0 and 1");
        }
    }

    /** Options with the default loss threshold. */
    public RunOptions(int count, Duration interval, int concurrency, Duration timeout) {
        this(count, interval, concurrency, timeout, DEFAULT_MAX_LOSS);
    }
}
