package dev.imbench.sim.load;

/**
 * The load in force now: a profile, when its phase started and how long it lasts
 * (for ramps), and a version clients compare to notice a change.
 *
 * @param profile       the load
 * @param startNanos    phase start on the nanoTime clock
 * @param durationNanos phase length (ramps reach their end rate here)
 * @param version       increases with every new phase
 */
public record Phase(LoadProfile profile, long startNanos, long durationNanos, int version) {

    /** Fraction of the phase elapsed at {@code nanos}. */
    public double fraction(long nanos) {
        return durationNanos <= 0 ? 1 : (double) (nanos - startNanos) / durationNanos;
    }
}
