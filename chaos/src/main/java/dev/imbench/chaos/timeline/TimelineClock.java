package dev.imbench.chaos.timeline;

/** Run-relative time for the executor; tests supply a virtual one. */
public interface TimelineClock {

    /** Milliseconds since the run started. */
    long nowMs();

    /** Blocks until {@link #nowMs()} >= {@code ms}. */
    void sleepUntil(long ms) throws InterruptedException;

    /** A wall clock starting now. */
    static TimelineClock system() {
        long origin = System.nanoTime();
        return new TimelineClock() {
            @Override
            public long nowMs() {
                return (System.nanoTime() - origin) / 1_000_000;
            }

            @Override
            public void sleepUntil(long ms) throws InterruptedException {
                long wait;
                while ((wait = ms - nowMs()) > 0) {
                    Thread.sleep(wait);
                }
            }
        };
    }
}
