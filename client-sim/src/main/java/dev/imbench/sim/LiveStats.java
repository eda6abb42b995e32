package dev.imbench.sim;

/**
 * A progress line's worth of the run so far.
 *
 * @param elapsedMs   since the run's start
 * @param online      clients logged in now
 * @param sent        messages sent so far (first sends)
 * @param acked       messages acked so far
 * @param delivered   first arrivals so far (push and pull)
 * @param errors      errors so far (error answers and failed logins)
 * @param ackP99Ms    send → ack p99, corrected, completed seconds only
 * @param e2eP99Ms    end-to-end p99, corrected, completed seconds only
 */
public record LiveStats(long elapsedMs, int online, long sent, long acked, long delivered, long errors,
                        double ackP99Ms, double e2eP99Ms) {

    /** One line for a console. */
    public String line() {
        return String.format("t=%ds online=%d sent=%d acked=%d delivered=%d errors=%d ack.p99=%.1fms e2e.p99=%.1fms",
                elapsedMs / 1000, online, sent, acked, delivered, errors, ackP99Ms, e2eP99Ms);
    }
}
