package dev.imbench.server.cluster;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The connections one gate's link reported closed, as the logic node learns it: a frame of such a connection may
 * still wait in a logic lane (the close notice queues behind it), and must then see its connection closed rather
 * than the link open. Entries are forgotten a while after the close (no frame waits that long).
 */
final class ClosedSessions {

    /** How long a closed session is remembered. */
    static final long KEEP_NANOS = TimeUnit.MINUTES.toNanos(5);
    /** Above this many entries, expired ones are swept at the next close. */
    private static final int SWEEP_ABOVE = 10_000;

    private final ConcurrentHashMap<Long, Long> closedAt = new ConcurrentHashMap<>();

    /** The gate reported session {@code id} closed. */
    void closed(long id) {
        long now = System.nanoTime();
        closedAt.put(id, now);
        if (closedAt.size() > SWEEP_ABOVE) {
            closedAt.values().removeIf(t -> now - t > KEEP_NANOS);
        }
    }

    /** Whether session {@code id} was reported closed. */
    boolean isClosed(long id) {
        return closedAt.containsKey(id);
    }
}
