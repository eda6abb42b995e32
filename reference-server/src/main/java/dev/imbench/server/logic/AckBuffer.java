package dev.imbench.server.logic;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The c2g ack cache of the design: a client's delivery ack goes into this buffer; a periodic job
 * ({@link #flush()}) writes only the changed rows to the store. {@code close} of the server flushes.
 */
final class AckBuffer {

    private final AckSink sink;
    private final ConcurrentHashMap<Ack, Boolean> pending = new ConcurrentHashMap<>();

    private record Ack(String uid, long msgid) {
    }

    /** Where a flushed ack goes. */
    @FunctionalInterface
    interface AckSink {
        /** Records one ack; returns true if a row changed. */
        boolean apply(String uid, long msgid);
    }

    AckBuffer(AckSink sink) {
        this.sink = sink;
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
            if (sink.apply(a.uid(), a.msgid())) {
                changed++;
            }
            pending.remove(a);
        }
        return changed;
    }
}
