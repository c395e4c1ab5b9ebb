package obs.verify;

import java.util.List;
import obs.core.FanOut;

/** The independent parts of one step, run at once; the first failure of obs itself is rethrown. */
final class Parts {
    /** One part; it records into the step's outcome itself. */
    @FunctionalInterface
    interface Part {
        void run() throws Exception;
    }

    private Parts() {
    }

    static void all(List<Part> parts) throws Exception {
        // Platform threads for the reason Verifier gives.
        for (FanOut.Result<Boolean> r : FanOut.all(FanOut.Threads.PLATFORM, parts, 0, p -> null, p -> {
            p.run();
            return true;
        })) {
            if (r instanceof FanOut.Failed<Boolean> f) {
                throw f.cause() instanceof Exception e ? e : new IllegalStateException(f.cause());
            }
        }
    }
}
