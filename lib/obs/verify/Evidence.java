package obs.verify;

import java.util.concurrent.CompletableFuture;

/**
 * What the pipeline steps found of this run's canary, handed to the correlation step: each completes with
 * true when its signal was found again, false when it was not (or the step did not run).
 */
public final class Evidence {
    public final CompletableFuture<Boolean> metric = new CompletableFuture<>();
    public final CompletableFuture<Boolean> line = new CompletableFuture<>();
    public final CompletableFuture<Boolean> trace = new CompletableFuture<>();

    /** Completes whatever is still open with false: the steps have ended. */
    void close() {
        metric.complete(false);
        line.complete(false);
        trace.complete(false);
    }
}
