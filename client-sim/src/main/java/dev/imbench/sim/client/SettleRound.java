package dev.imbench.sim.client;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One round of "every client asked has reached a state" that the waiting thread checks in O(1) instead of
 * polling every client: the simulation hands the round to each client ({@link VirtualClient#awaitAnswers} or
 * {@link VirtualClient#requestDrain}), then {@link #seal seals} it; each client settles once, when it gets
 * there or when it ends (stopped, kicked: it owes nothing any more).
 */
public final class SettleRound {

    private final int version;
    /** One for the simulation until it seals the round, plus one per client asked and not settled yet. */
    private final AtomicInteger left = new AtomicInteger(1);
    private final CountDownLatch done = new CountDownLatch(1);

    /** A round about the load phase of {@code version} (the drain's phase: clients must have entered it). */
    public SettleRound(int version) {
        this.version = version;
    }

    /** The load phase version the round is about. */
    public int version() {
        return version;
    }

    void expect() {
        left.incrementAndGet();
    }

    void settle() {
        if (left.decrementAndGet() == 0) {
            done.countDown();
        }
    }

    /** Every client was handed the round: from now on it completes once they all settled. */
    public void seal() {
        settle();
    }

    /** Clients (plus one before {@link #seal}) that have not settled yet. */
    public int left() {
        return left.get();
    }

    /** Whether every client asked has settled (and the round is sealed). */
    public boolean complete() {
        return done.getCount() == 0;
    }

    /**
     * Waits until the round is complete; false when {@code timeout} passes or {@code giveUp} says so first
     * (checked every 10 ms).
     */
    public boolean await(Duration timeout, BooleanSupplier giveUp) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.await(Math.min(10_000_000L, Math.max(0, deadline - System.nanoTime())), TimeUnit.NANOSECONDS)) {
            if (giveUp.getAsBoolean()) {
                return false;
            }
            if (System.nanoTime() >= deadline) {
                return complete();
            }
        }
        return true;
    }
}
