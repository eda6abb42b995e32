package dev.imbench.sim.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * A hostile recipient planted in a shard ({@link DeliveryLedger#plantLoss}): the first {@code n} pushes of
 * messages from other shards are acked by the client and then forgotten by it, and so is every later
 * arrival of the same message at the same client (a pull would otherwise bring it back). Test support for
 * the merge of shards, kept beside the ledger it fools.
 */
final class PlantedLoss {

    private final int n;
    private final List<long[]> drops = new ArrayList<>();

    PlantedLoss(int n) {
        this.n = n;
    }

    /** Whether this push is one of the first {@code n} to drop (and then remembers it). */
    synchronized boolean drops(int recipient, long id) {
        if (dropped(recipient, id)) {
            return true;
        }
        if (drops.size() >= n) {
            return false;
        }
        drops.add(new long[] {recipient, id});
        return true;
    }

    /** Whether this message was dropped at this recipient before. */
    synchronized boolean dropped(int recipient, long id) {
        for (long[] d : drops) {
            if (d[0] == recipient && d[1] == id) {
                return true;
            }
        }
        return false;
    }

    synchronized List<long[]> drops() {
        return List.copyOf(drops);
    }
}
