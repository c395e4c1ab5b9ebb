package obs.install;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import obs.core.ObsException;

/** Requests that do not depend on each other, sent at once on virtual threads: they spend their time waiting on the API server. */
final class Parallel {
    private Parallel() {
    }

    /** {@code f} applied to every item at once; the results in the items' order. A failure is rethrown as it was. */
    static <T, R> List<R> map(List<T> items, Function<T, R> f) {
        List<R> out = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<R>> futures = items.stream().map(i -> pool.submit(() -> f.apply(i))).toList();
            for (Future<R> future : futures) {
                out.add(future.get());
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ObsException.internal("interrupted while waiting for the Kubernetes API", e);
        }
        return out;
    }
}
