package dev.imbench.sim.load;

/**
 * The load in force now: a profile, when its phase started and how long it lasts
 * (for ramps), and a version clients compare to notice a change.
 *
 * @param name          what the run calls the phase (decisions.csv)
 * @param profile       the load
 * @param startNanos    phase start on the nanoTime clock; every intended time of the phase counts from here
 * @param durationNanos phase length (ramps reach their end rate here)
 * @param bounded       whether actions are intended only before {@code startNanos + durationNanos}; otherwise
 *                      the load stays in force until the next phase starts
 * @param version       increases with every new phase (0: the idle phase before the first load)
 */
public record LoadPhase(String name, LoadProfile profile, long startNanos, long durationNanos, boolean bounded,
                    int version) {

    /** Fraction of the phase elapsed at {@code nanos}. */
    public double fraction(long nanos) {
        return durationNanos <= 0 ? 1 : (double) (nanos - startNanos) / durationNanos;
    }

    /** Whether an action intended at {@code nanos} still belongs to this phase's own schedule. */
    public boolean allows(long nanos) {
        return !bounded || nanos - startNanos < durationNanos;
    }
}
