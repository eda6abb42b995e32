package dev.imbench.sim.load;

/**
 * The message load of one phase, for the whole population: total rates that
 * move linearly from start to end over the phase (equal values: a constant
 * rate). Each client sends at total/clients, on its own seeded schedule.
 *
 * @param c2cStart     c2c messages per second at the phase start
 * @param c2cEnd       … at the phase end
 * @param c2gStart     c2g messages per second at the phase start
 * @param c2gEnd       … at the phase end
 * @param process      spacing of intended times
 * @param thinkNanos   0 for the open model; otherwise the closed model: each
 *                     client waits for its ack, then thinks this long
 * @param c2s          reports to the business line per second (constant over the phase; open model only)
 * @param s2c          business pushes per second through the server's HTTP API (constant; open model only)
 * @param pulls        periodic pulls per second, besides the one after each login (constant; open model only)
 */
public record LoadProfile(double c2cStart, double c2cEnd, double c2gStart, double c2gEnd, ArrivalProcess process,
                          long thinkNanos, double c2s, double s2c, double pulls) {

    /** No messages. */
    public static final LoadProfile IDLE = new LoadProfile(0, 0, 0, 0, ArrivalProcess.POISSON, 0);

    /** Validates the rates. */
    public LoadProfile {
        if (c2cStart < 0 || c2cEnd < 0 || c2gStart < 0 || c2gEnd < 0 || thinkNanos < 0 || c2s < 0 || s2c < 0
                || pulls < 0) {
            throw new IllegalArgumentException("rates and think time must be >= 0");
        }
        if (thinkNanos > 0 && (c2s > 0 || s2c > 0 || pulls > 0)) {
            throw new IllegalArgumentException("the closed model drives c2c and c2g only; c2s, s2c and pulls need the"
                    + " open model (think time 0)");
        }
    }

    /** c2c and c2g only (no c2s, s2c or pulls). */
    public LoadProfile(double c2cStart, double c2cEnd, double c2gStart, double c2gEnd, ArrivalProcess process,
                       long thinkNanos) {
        this(c2cStart, c2cEnd, c2gStart, c2gEnd, process, thinkNanos, 0, 0, 0);
    }

    /** The same c2c and c2g with these c2s, s2c and pull rates (per second, whole population). */
    public LoadProfile withFlows(double c2sPerSecond, double s2cPerSecond, double pullsPerSecond) {
        return new LoadProfile(c2cStart, c2cEnd, c2gStart, c2gEnd, process, thinkNanos, c2sPerSecond, s2cPerSecond,
                pullsPerSecond);
    }

    /** Client actions per second besides messages: c2s reports and periodic pulls. */
    public double clientFlows() {
        return c2s + pulls;
    }

    /** Constant open-model Poisson rates. */
    public static LoadProfile constant(double c2cPerSecond, double c2gPerSecond) {
        return new LoadProfile(c2cPerSecond, c2cPerSecond, c2gPerSecond, c2gPerSecond, ArrivalProcess.POISSON, 0);
    }

    /** A linear ramp of the c2c rate (open model, Poisson). */
    public static LoadProfile c2cRamp(double from, double to) {
        return new LoadProfile(from, to, 0, 0, ArrivalProcess.POISSON, 0);
    }

    /** The same rates with another arrival process. */
    public LoadProfile withProcess(ArrivalProcess p) {
        return new LoadProfile(c2cStart, c2cEnd, c2gStart, c2gEnd, p, thinkNanos, c2s, s2c, pulls);
    }

    /** The closed model with the given think time. */
    public LoadProfile closed(long thinkTimeNanos) {
        return new LoadProfile(c2cStart, c2cEnd, c2gStart, c2gEnd, process, thinkTimeNanos, c2s, s2c, pulls);
    }

    /** Whether this is the closed model. */
    public boolean isClosed() {
        return thinkNanos > 0;
    }

    /** Total c2c rate at a fraction (0..1) of the phase. */
    public double c2cAt(double fraction) {
        return c2cStart + (c2cEnd - c2cStart) * clamp(fraction);
    }

    /** Total c2g rate at a fraction (0..1) of the phase. */
    public double c2gAt(double fraction) {
        return c2gStart + (c2gEnd - c2gStart) * clamp(fraction);
    }

    private static double clamp(double f) {
        return Math.max(0, Math.min(1, f));
    }
}
