package obs.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FanOutTest {
    @Test
    void resultsComeBackInTheItemsOrderWhateverOrderTheyFinishIn() {
        List<Integer> out = FanOut.map(List.of(300, 10, 150), ms -> {
            Thread.sleep(ms);
            return ms;
        });
        assertEquals(List.of(300, 10, 150), out);
    }

    @Test
    void theJobsRunAtOnce() {
        CountDownLatch all = new CountDownLatch(3);
        List<Boolean> met = FanOut.map(List.of(1, 2, 3), i -> {
            all.countDown();
            return all.await(10, TimeUnit.SECONDS);
        });
        assertEquals(List.of(true, true, true), met);
    }

    @Test
    void jobsRunOnTheThreadsAskedFor() {
        assertEquals(List.of(true), FanOut.map(List.of(1), i -> Thread.currentThread().isVirtual()));
        List<FanOut.Result<Boolean>> platform = FanOut.all(FanOut.Threads.PLATFORM, List.of(1), 0, i -> null,
                i -> Thread.currentThread().isVirtual() || !Thread.currentThread().isDaemon());
        assertEquals(false, assertInstanceOf(FanOut.Done.class, platform.get(0)).value());
    }

    @Test
    void noMoreThanTheConcurrencyRunAtATime() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        FanOut.map(List.of(1, 2, 3, 4, 5, 6, 7, 8), 3, i -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(50);
            return running.decrementAndGet();
        });
        assertTrue(most.get() <= 3, most + " ran at once");
    }

    @Test
    void aJobPastItsDeadlineIsInterruptedAndReportedAsTimedOut() {
        AtomicBoolean interrupted = new AtomicBoolean();
        List<FanOut.Result<String>> results = FanOut.all(List.of("slow", "fast"),
                item -> item.equals("slow") ? Duration.ofMillis(200) : null, item -> {
                    if (item.equals("slow")) {
                        try {
                            Thread.sleep(30_000);
                        } catch (InterruptedException e) {
                            interrupted.set(true);
                            throw e;
                        }
                    }
                    return item;
                });
        assertEquals(new FanOut.TimedOut<String>(Duration.ofMillis(200)), results.get(0));
        assertEquals("fast", assertInstanceOf(FanOut.Done.class, results.get(1)).value());
        assertTrue(interrupted.get(), "the slow job was not interrupted");
    }

    @Test
    void aFailureIsKeptWithItsCauseAndMapRethrowsIt() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        List<FanOut.Result<String>> results = FanOut.all(List.of("a", "b"), item -> null, item -> {
            if (item.equals("b")) {
                throw boom;
            }
            return item;
        });
        assertInstanceOf(FanOut.Done.class, results.get(0));
        assertSame(boom, assertInstanceOf(FanOut.Failed.class, results.get(1)).cause());
        assertSame(boom, assertThrows(IllegalArgumentException.class, () -> FanOut.map(List.of("b"), item -> {
            throw boom;
        })));
    }
}
