package dev.imbench.server.logic;

import dev.imbench.server.store.MessageStore;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The c2g ack cache of the design: a client's delivery ack goes into this buffer; a periodic job
 * ({@link #flush()}) writes only the changed rows to the store. {@code close} of the server flushes.
 */
final class AckBuffer {

    private final MessageStore store;
    private final ConcurrentHashMap<Ack, Boolean> pending = new ConcurrentHashMap<>();

    private record Ack(String uid, long msgid) {
    }

    AckBuffer(MessageStore store) {
        this.store = store;
    }

    /** Records a delivery ack. */
    void add(String uid, long msgid) {
        pending.put(new Ack(uid, msgid), Boolean.TRUE);
    }

    /** Whether an ack is buffered and not yet flushed. */
    boolean isBuffered(String uid, long msgid) {
        return pending.containsKey(new Ack(uid, msgid));
    }

    /** Writes the buffered acks (each is removed only after it is stored); returns how many rows changed. */
    synchronized int flush() {
        int changed = 0;
        for (Ack a : pending.keySet()) {
            if (store.markDelivered(a.uid(), a.msgid())) {
                changed++;
            }
            pending.remove(a);
        }
        return changed;
    }
}
