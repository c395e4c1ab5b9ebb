package obs.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Independent jobs run at once, one virtual thread each (they spend their time waiting on a network), with the
 * results handed back in the jobs' order. The one fan-out of checks, install's API calls, probes and the sandbox.
 */
public final class FanOut {
    private FanOut() {
    }

    /** One job's work on one item; it may throw whatever it throws. */
    @FunctionalInterface
    public interface Job<T, R> {
        R run(T item) throws Exception;
    }

    /** How one job ended. */
    public sealed interface Result<R> permits Done, Failed, TimedOut {
    }

    /** It returned {@code value} after {@code millis}. */
    public record Done<R>(R value, long millis) implements Result<R> {
    }

    /** It threw {@code cause} after {@code millis}. */
    public record Failed<R>(Throwable cause, long millis) implements Result<R> {
    }

    /** Its deadline passed: it was interrupted and left behind. */
    public record TimedOut<R>(Duration deadline) implements Result<R> {
    }

    /**
     * What the jobs run on. Virtual threads, unless a short command does a few dozen jobs of socket I/O and then
     * exits: a virtual thread that waits on a socket starts the JDK's I/O poller, a platform thread that waits in
     * native code (epoll_wait), and HotSpot's exit waits up to 300 ms for threads in native code to stop
     * (VM_Exit::wait_for_threads_in_native_to_block). That was 300 of check-services' 660 ms.
     */
    public enum Threads { VIRTUAL, PLATFORM }

    /**
     * Runs {@code job} on every item at once and waits for each at most its {@code deadline}, counted from the start
     * of all of them (null: no deadline); a job past its deadline is interrupted.
     */
    public static <T, R> List<Result<R>> all(List<T> items, Function<T, Duration> deadline, Job<T, R> job) {
        return all(Threads.VIRTUAL, items, 0, deadline, job);
    }

    /**
     * As {@link #all(List, Function, Job)} on {@code threads}, with at most {@code concurrency} jobs running at a time
     * (0: no limit). On platform threads an interrupt does not end a socket wait: jobs there bound their own I/O.
     */
    public static <T, R> List<Result<R>> all(Threads threads, List<T> items, int concurrency, Function<T, Duration> deadline,
                                             Job<T, R> job) {
        Semaphore slots = concurrency > 0 ? new Semaphore(concurrency) : null;
        try (ExecutorService pool = threads == Threads.VIRTUAL ? Executors.newVirtualThreadPerTaskExecutor()
                : Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().name("obs-fanout-", 0).factory())) {
            long start = System.nanoTime();
            List<Future<Result<R>>> futures = items.stream().map(i -> pool.submit(() -> slots == null ? timed(job, i) : bounded(slots, job, i)))
                    .toList();
            List<Result<R>> out = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                Duration limit = deadline.apply(items.get(i));
                out.add(await(futures.get(i), limit, limit == null ? 0 : start + limit.toNanos()));
            }
            return out;
        }
    }

    /** Runs {@code job} on every item at once; the values in the items' order, or the first failure rethrown as it was. */
    public static <T, R> List<R> map(List<T> items, Job<T, R> job) {
        return map(items, 0, job);
    }

    /** As {@link #map(List, Job)}, with at most {@code concurrency} jobs running at a time (0: no limit). */
    public static <T, R> List<R> map(List<T> items, int concurrency, Job<T, R> job) {
        List<R> out = new ArrayList<>();
        for (Result<R> r : all(Threads.VIRTUAL, items, concurrency, i -> null, job)) {
            switch (r) {
                case Done<R> d -> out.add(d.value());
                case Failed<R> f -> throw f.cause() instanceof RuntimeException e ? e : new IllegalStateException(f.cause());
                case TimedOut<R> t -> throw new IllegalStateException("a job without a deadline timed out");
            }
        }
        return out;
    }

    /**
     * Runs {@code job} on a virtual thread of its own beside the caller's work, for one job of another kind than the
     * rest (probe's single fping run beside its rounds); its failure comes out of {@link Future#get()}.
     */
    public static <R> Future<R> beside(Callable<R> job) {
        FutureTask<R> task = new FutureTask<>(job);
        Thread.ofVirtual().name("obs-beside").start(task);
        return task;
    }

    private static <T, R> Result<R> bounded(Semaphore slots, Job<T, R> job, T item) throws InterruptedException {
        slots.acquire();
        try {
            return timed(job, item);
        } finally {
            slots.release();
        }
    }

    private static <T, R> Result<R> timed(Job<T, R> job, T item) {
        long t0 = System.nanoTime();
        try {
            R value = job.run(item);
            return new Done<>(value, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        } catch (Exception e) {
            return new Failed<>(e, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
    }

    private static <R> Result<R> await(Future<Result<R>> future, Duration limit, long deadlineNanos) {
        try {
            return limit == null ? future.get() : future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return new TimedOut<>(limit);
        } catch (ExecutionException e) {
            return new Failed<>(e.getCause(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ObsException.internal("interrupted while waiting for parallel work", e);
        }
    }
}
