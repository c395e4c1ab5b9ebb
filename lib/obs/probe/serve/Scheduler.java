package obs.probe.serve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import obs.cli.Console;
import obs.core.ObsException;
import obs.probe.ProbeEngine;
import obs.probe.ProbeResult;
import obs.probe.Target;
import obs.probe.TargetsFile.Scheduled;

/**
 * Probes each group of targets that share an interval, once per interval, on virtual threads. A round that is
 * still running when the next is due is skipped rather than stacked, so a slow target cannot pile up probes.
 */
final class Scheduler implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "obs-probe-scheduler");
        t.setDaemon(true);
        return t;
    });
    private final ProbeEngine engine;
    private final ResultStore store;
    private final int concurrency;
    private final Console console;
    private final List<ScheduledFuture<?>> jobs = new ArrayList<>();

    Scheduler(ProbeEngine engine, ResultStore store, int concurrency, Console console) {
        this.engine = engine;
        this.store = store;
        this.concurrency = concurrency;
        this.console = console;
    }

    /** Replaces the schedule; the first round of every group starts at once. */
    synchronized void schedule(List<Scheduled> targets) {
        jobs.forEach(j -> j.cancel(false));
        jobs.clear();
        Map<Duration, List<Target>> groups = new LinkedHashMap<>();
        targets.forEach(s -> groups.computeIfAbsent(s.interval(), k -> new ArrayList<>()).add(s.target()));
        groups.forEach((interval, group) -> {
            AtomicBoolean running = new AtomicBoolean();
            jobs.add(timer.scheduleAtFixedRate(() -> tick(group, running), 0, interval.toMillis(), TimeUnit.MILLISECONDS));
        });
    }

    /** Also used by the timer for config polling, so one thread does all the timing. */
    ScheduledFuture<?> every(Duration period, Runnable task) {
        return timer.scheduleWithFixedDelay(task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick(List<Target> group, AtomicBoolean running) {
        if (!running.compareAndSet(false, true)) {
            console.debug("skipping a round of " + group.size() + " target(s): the previous one is still running");
            return;
        }
        Thread.ofVirtual().name("obs-probe-round").start(() -> {
            try {
                engine.round(group, null, concurrency).forEach(store::put);
            } catch (ObsException e) {
                // A missing fping or mtr fails the round's targets, visibly, instead of stopping the exporter.
                group.forEach(t -> store.put(t, ProbeResult.failed(e.getMessage(), Duration.ZERO)));
                console.warn(e.getMessage());
            } finally {
                running.set(false);
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
