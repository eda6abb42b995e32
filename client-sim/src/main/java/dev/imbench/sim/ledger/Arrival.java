package dev.imbench.sim.ledger;

/**
 * What the ledger made of one arrival of a message at a recipient.
 *
 * @param kind          the category of this arrival
 * @param intendedNanos the sender's intended send time (for {@link Kind#FIRST}), else 0
 * @param sentNanos     the sender's first actual send (for {@link Kind#FIRST}), else 0
 */
public record Arrival(Kind kind, long intendedNanos, long sentNanos) {

    /** Categories of an arrival. */
    public enum Kind {
        /** First arrival at this recipient: shown to the user. */
        FIRST,
        /** Same message and same server msgid again: the app's de-dup hides it. */
        WIRE_DUPLICATE,
        /** Same client message under another server msgid: the user sees it twice. */
        APP_DUPLICATE,
        /** The sender's own group message echoed back: not a delivery. */
        SELF,
        /** Never attempted by anyone, or not meant for this recipient. */
        UNEXPECTED,
        /** Sent by a client of another shard: this shard keeps the arrival for the merge, which judges it. */
        FOREIGN,
        /** Dropped by a planted hostile recipient ({@link DeliveryLedger#plantLoss}): acked, then forgotten. */
        DROPPED
    }

    static final Arrival WIRE = new Arrival(Kind.WIRE_DUPLICATE, 0, 0);
    static final Arrival APP = new Arrival(Kind.APP_DUPLICATE, 0, 0);
    static final Arrival SELF_ECHO = new Arrival(Kind.SELF, 0, 0);
    static final Arrival NOT_EXPECTED = new Arrival(Kind.UNEXPECTED, 0, 0);
    static final Arrival FOREIGN_SENDER = new Arrival(Kind.FOREIGN, 0, 0);
    static final Arrival DROPPED = new Arrival(Kind.DROPPED, 0, 0);
}
