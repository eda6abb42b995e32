package dev.imbench.server.logic;

import java.util.BitSet;
import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks by recipient uid. The logic holds a recipient's stripe from the moment a row for it
 * gets its msgid until the push for that row is queued on the recipient's channel, so pushes reach
 * each recipient in msgid order. Without it, two senders could push rows 11 then 10 to one
 * recipient; a disconnect between them would leave its pull cursor (the largest msgid received) at
 * 11 and row 10 would be skipped. Several stripes are always taken in ascending order (no deadlock).
 */
final class RecipientLocks {

    /** Number of stripes. */
    static final int STRIPES = 1024;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    RecipientLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Locks the stripes of every uid; close the result to unlock. */
    Held lock(Collection<String> uids) {
        if (uids.size() == 1) {
            int i = index(uids.iterator().next());
            stripes[i].lock();
            return new Held(new int[] {i});
        }
        BitSet set = new BitSet(STRIPES);
        for (String uid : uids) {
            set.set(index(uid));
        }
        int[] order = set.stream().toArray();
        for (int i : order) {
            stripes[i].lock();
        }
        return new Held(order);
    }

    private static int index(String uid) {
        return Math.floorMod(uid.hashCode(), STRIPES);
    }

    /** Held stripes, released in reverse order. */
    final class Held implements AutoCloseable {
        private final int[] order;

        private Held(int[] order) {
            this.order = order;
        }

        @Override
        public void close() {
            for (int i = order.length - 1; i >= 0; i--) {
                stripes[order[i]].unlock();
            }
        }
    }
}
