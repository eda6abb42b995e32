package dev.imbench.runner.fault;

import dev.imbench.runner.EventLog;
import java.util.concurrent.TimeUnit;

/** The run clock the engine plays on (run-relative ms); tests give a manual one. */
public interface FaultClock {

    /** Milliseconds since the run started. */
    long nowMs();

    /** Blocks until {@link #nowMs()} reaches {@code ms}. */
    void sleepUntil(long ms) throws InterruptedException;

    /** The clock of a run's event log. */
    static FaultClock of(EventLog events) {
        return new FaultClock() {
            @Override
            public long nowMs() {
                return events.now();
            }

            @Override
            public void sleepUntil(long ms) throws InterruptedException {
                long wait;
                while ((wait = ms - events.now()) > 0) {
                    TimeUnit.MILLISECONDS.sleep(wait);
                }
            }
        };
    }
}
