package dev.imbench.sim.load;

import java.util.SplittableRandom;

/** How a client spaces its intended action times at a given rate. */
public enum ArrivalProcess {
    /** Exactly 1/rate apart (phase-shifted randomly per client at the start). */
    CONSTANT,
    /** Exponentially distributed gaps: a Poisson process per client, and in total. */
    POISSON;

    /** The gap to the next action, in nanoseconds, at {@code ratePerSecond}. */
    public long gapNanos(double ratePerSecond, SplittableRandom random) {
        double mean = 1e9 / ratePerSecond;
        return switch (this) {
            case CONSTANT -> (long) mean;
            // StrictMath: the same gaps for the same seed on every JVM and CPU.
            case POISSON -> (long) (-StrictMath.log(1.0 - random.nextDouble()) * mean);
        };
    }
}
