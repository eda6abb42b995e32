package dev.imbench.sim.ledger;

/**
 * Client message ids: {@code senderIndex << 32 | counter}, the counter counting
 * the sender's messages from 1. Unique per run without coordination, and the
 * ledger finds a message's row from its id alone.
 */
public final class MessageIds {

    private MessageIds() {
    }

    /** The id of a sender's n-th message (n from 1). */
    public static long of(int sender, int counter) {
        return ((long) sender << 32) | (counter & 0xffffffffL);
    }

    /** The sender index of an id. */
    public static int sender(long id) {
        return (int) (id >>> 32);
    }

    /** The per-sender counter of an id. */
    public static int counter(long id) {
        return (int) id;
    }
}
