package dev.imbench.sim.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OnDemandTest {

    private final ClientTimer timer = new ClientTimer();

    @AfterEach
    void closeTimer() {
        timer.close();
    }

    private static void within(long seconds, java.util.concurrent.Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(seconds)).until(condition);
    }

    /** Holds for the whole window (a check that nothing more happens). */
    private static void staysFor(long millis, java.util.concurrent.Callable<Boolean> condition) {
        await().during(Duration.ofMillis(millis)).atMost(Duration.ofMillis(millis + 5_000)).until(condition);
    }

    @Test
    void anIdleClientHoldsNoThreadAndASignalRunsItAgain() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<Thread> last = new AtomicReference<>();
        OnDemand d = new OnDemand(timer, () -> {
            runs.incrementAndGet();
            last.set(Thread.currentThread());
            return Long.MAX_VALUE; // idle until an event
        }, () -> { });
        d.signal();
        within(10, () -> runs.get() == 1 && last.get() != null && !last.get().isAlive());
        assertEquals(0, timer.waiting(), "nothing due: no timer entry");
        d.signal();
        within(10, () -> runs.get() == 2);
        assertFalse(d.ended());
    }

    @Test
    void signalsWhileRunningMakeOneMoreRoundNeverASecondThread() throws InterruptedException {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        OnDemand d = new OnDemand(timer, () -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            if (runs.incrementAndGet() == 1) {
                firstRunning.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            inside.decrementAndGet();
            return Long.MAX_VALUE;
        }, () -> { });
        d.signal();
        assertTrue(firstRunning.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 100; i++) {
            d.signal();
        }
        release.countDown();
        within(10, () -> runs.get() == 2);
        staysFor(50, () -> runs.get() == 2); // a hundred signals during a run: one more round
        assertEquals(1, most.get(), "never two threads at once");
    }

    @Test
    void theSharedTimerWakesTheClientWhenItAsked() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        AtomicLong wokenAt = new AtomicLong();
        long t0 = System.nanoTime();
        OnDemand d = new OnDemand(timer, () -> {
            if (runs.incrementAndGet() == 1) {
                return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            }
            wokenAt.set(System.nanoTime());
            return Long.MAX_VALUE;
        }, () -> { });
        d.signal();
        within(10, () -> runs.get() == 2);
        assertTrue(wokenAt.get() - t0 >= TimeUnit.MILLISECONDS.toNanos(50), "not before the time it asked for");
    }

    @Test
    void aFinishedClientRunsItsLastActOnceAndIgnoresLaterSignals() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger lastActs = new AtomicInteger();
        OnDemand d = new OnDemand(timer, () -> {
            runs.incrementAndGet();
            return OnDemand.DONE;
        }, lastActs::incrementAndGet);
        d.signal();
        assertTimeoutPreemptively(Duration.ofSeconds(10), d::awaitEnd, "awaitEnd is woken when the client ends");
        assertTrue(d.ended());
        d.signal();
        staysFor(50, () -> runs.get() == 1);
        assertEquals(1, lastActs.get());
    }
}
