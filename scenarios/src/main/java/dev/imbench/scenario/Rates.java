package dev.imbench.scenario;

/**
 * Action rates of a phase, per second across the whole population, on an open
 * model: actions are scheduled at intended start times whatever the server does.
 *
 * @param c2c      one-to-one messages per second
 * @param c2g      group messages per second
 * @param c2s      reports to a business line per second
 * @param s2c      business pushes per second
 * @param pulls    extra offline pulls per second (besides those after each login)
 * @param kickouts second-device logins per second (each kicks an older device of the same type)
 */
public record Rates(double c2c, double c2g, double c2s, double s2c, double pulls, double kickouts) {
    /** Nothing happens. */
    public static final Rates IDLE = new Rates(0, 0, 0, 0, 0, 0);

    /** Sum of all rates, per second. */
    public double total() {
        return c2c + c2g + c2s + s2c + pulls + kickouts;
    }
}
