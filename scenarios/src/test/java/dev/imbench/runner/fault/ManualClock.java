package dev.imbench.runner.fault;

/** A run clock the test moves; {@link #waitingFor()} tells what the engine sleeps until. */
final class ManualClock implements FaultClock {

    private long now;
    private long waitingFor = -1;

    @Override
    public synchronized long nowMs() {
        return now;
    }

    @Override
    public synchronized void sleepUntil(long ms) throws InterruptedException {
        waitingFor = ms;
        notifyAll();
        while (now < ms) {
            wait();
        }
        waitingFor = -1;
    }

    /** Moves time to {@code ms} and waits until the engine has done everything due by then and sleeps again. */
    synchronized void advanceTo(long ms, boolean moreToCome) throws InterruptedException {
        now = ms;
        notifyAll();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (moreToCome && !(waitingFor > now) && System.nanoTime() < deadline) {
            wait(100);
        }
        if (moreToCome && !(waitingFor > now)) {
            throw new AssertionError("the engine did not go back to sleep after " + ms + " ms");
        }
    }

    /** The time the engine sleeps until, -1 when it does not sleep. */
    synchronized long waitingFor() {
        return waitingFor;
    }

    /** Waits until the engine sleeps (it started). */
    synchronized void awaitSleeping() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (waitingFor < 0 && System.nanoTime() < deadline) {
            wait(100);
        }
    }
}
