package dev.imbench.sim.ledger;

import java.util.Arrays;

/**
 * Every arrival a shard's clients saw, in the order the ledger was told of them (per recipient, the order
 * its device saw them): recipient, the sender's client message id, the server msgid of the recipient's
 * copy, push or pull, and the arrival time. Kept only when the run is one shard of several, so that the
 * merge can replay arrivals of messages whose sender ran on another shard. About 29 bytes per arrival.
 */
final class ArrivalLog {

    private int n;
    private int[] recipient = new int[64];
    private long[] clientMsgId = new long[64];
    private long[] serverMsgid = new long[64];
    private long[] nanos = new long[64];
    private boolean[] viaPull = new boolean[64];

    synchronized void add(int to, long id, long msgid, boolean pull, long at) {
        if (n == recipient.length) {
            int size = n * 2;
            recipient = Arrays.copyOf(recipient, size);
            clientMsgId = Arrays.copyOf(clientMsgId, size);
            serverMsgid = Arrays.copyOf(serverMsgid, size);
            nanos = Arrays.copyOf(nanos, size);
            viaPull = Arrays.copyOf(viaPull, size);
        }
        recipient[n] = to;
        clientMsgId[n] = id;
        serverMsgid[n] = msgid;
        nanos[n] = at;
        viaPull[n] = pull;
        n++;
    }

    /** Hands every arrival in order to {@code sink}. */
    synchronized void forEach(Sink sink) throws java.io.IOException {
        for (int i = 0; i < n; i++) {
            sink.accept(recipient[i], clientMsgId[i], serverMsgid[i], viaPull[i], nanos[i]);
        }
    }

    synchronized int size() {
        return n;
    }

    /** Receives one arrival. */
    interface Sink {
        void accept(int recipient, long clientMsgId, long serverMsgid, boolean viaPull, long nanos) throws java.io.IOException;
    }
}
