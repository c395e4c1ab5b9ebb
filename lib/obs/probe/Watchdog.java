package obs.probe;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Interrupts a probe still running past its limit, which closes the socket it is blocked on. Every wait in a
 * probe already takes its timeout from the deadline; this catches what a per-read timeout cannot, such as a
 * server that drips one byte just inside each read's timeout. One daemon thread serves every probe, so a probe
 * costs a timer entry rather than a thread of its own.
 */
final class Watchdog {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private Watchdog() {
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                r -> Thread.ofPlatform().daemon().name("obs-probe-watchdog").unstarted(r));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Interrupts the calling thread after {@code limit} unless disarmed first. */
    static Guard arm(Duration limit) {
        Guard guard = new Guard(Thread.currentThread());
        guard.task = TIMER.schedule(guard, limit.toNanos(), TimeUnit.NANOSECONDS);
        return guard;
    }

    /** One armed watchdog; the lock makes "fired" and "disarmed" exclusive, so no interrupt arrives late. */
    static final class Guard implements Runnable {
        private final Thread thread;
        private ScheduledFuture<?> task;
        private boolean disarmed;
        private boolean fired;

        private Guard(Thread thread) {
            this.thread = thread;
        }

        @Override
        public synchronized void run() {
            if (!disarmed) {
                fired = true;
                thread.interrupt();
            }
        }

        /**
         * Called by the guarded thread when its probe ends (again is harmless); true if the watchdog fired, in which
         * case its interrupt is cleared.
         */
        boolean disarm() {
            task.cancel(false);
            synchronized (this) {
                disarmed = true;
                if (fired) {
                    Thread.interrupted();
                }
                return fired;
            }
        }
    }
}
