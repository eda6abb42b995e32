package dev.imbench.sim.ledger;

import java.util.List;
import java.util.Map;

/**
 * The checker's verdict, field for field the {@code delivery.json} of
 * {@code docs/run-directory.md}. Counts are per (message, recipient) pair except
 * {@code attempted}, {@code acked} and {@code recovered}, which count messages.
 *
 * @param attempted       messages a client tried to send
 * @param acked           messages the server confirmed
 * @param ackedC2g        of those, group messages (the rest are c2c)
 * @param expected        (acked message, expected recipient) pairs
 * @param delivered       pairs that arrived at least once (acked or not)
 * @param deliveredOnline of those, first arrival by push
 * @param deliveredByPull of those, first arrival by pull
 * @param lost            expected pairs that never arrived
 * @param duplicatedWire  arrivals after the first of a pair (hidden by the app's de-dup)
 * @param duplicated      arrivals under a second server msgid (the user sees them twice)
 * @param reordered       pairs shown before a message of the same conversation that was acked before they were
 *                        sent: ranked by the server msgid of the recipient's copy (order as shown; judged)
 * @param reorderedArrival the same rule ranked by first arrival at the device (informational: a reconnecting
 *                        client pulls older rows while newer ones are pushed)
 * @param unexpected      arrivals never attempted, or at a client that is not a recipient
 * @param recovered       messages never acked but delivered
 * @param drainComplete   whether every client finished its drain
 * @param examples        up to 10 examples per category (lost, duplicated, reordered, unexpected, recovered)
 * @param breakdown       {@code byPhase}, {@code bySlice}, {@code byFault} (see {@link Breakdown}), empty maps without one
 */
public record DeliveryReport(long attempted, long acked, long ackedC2g, long expected, long delivered, long deliveredOnline,
                             long deliveredByPull, long lost, long duplicatedWire, long duplicated, long reordered,
                             long reorderedArrival, long unexpected, long recovered, boolean drainComplete,
                             Map<String, List<LedgerExample>> examples, Map<String, Object> breakdown) {

    /** Zero lost and zero unexpected. */
    public boolean valid() {
        return lost == 0 && unexpected == 0;
    }

    /** {@code valid}, {@code invalid}, or {@code incomplete} when the drain timed out. */
    public String verdict() {
        if (!drainComplete) {
            return "incomplete";
        }
        return valid() ? "valid" : "invalid";
    }

    /** The {@code delivery.json} object. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = DeliveryCounts.of(this).toJson();
        m.put("valid", valid() && drainComplete);
        m.put("drainComplete", drainComplete);
        m.put("verdict", verdict());
        m.put("examples", examples);
        m.putAll(breakdown);
        return m;
    }
}
