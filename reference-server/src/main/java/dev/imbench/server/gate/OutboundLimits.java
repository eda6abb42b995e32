package dev.imbench.server.gate;

/**
 * How much a connection may make the gate queue for it.
 *
 * @param maxInFlight    requests handed to the logic and not answered yet, per connection; the
 *                       {@link InboundThrottle} stops reading that connection at this count
 * @param writeHardLimit outbound bytes queued for one connection above which it is closed (counted as
 *                       {@code imbench_backpressure_closed_total})
 */
public record OutboundLimits(int maxInFlight, long writeHardLimit) {

    /** No bound: for harnesses that drive a gate handler directly. */
    public static final OutboundLimits NONE = new OutboundLimits(Integer.MAX_VALUE, Long.MAX_VALUE);

    /** Validates. */
    public OutboundLimits {
        if (maxInFlight <= 0 || writeHardLimit <= 0) {
            throw new IllegalArgumentException("maxInFlight and writeHardLimit must be > 0: " + maxInFlight + ", "
                    + writeHardLimit);
        }
    }
}
