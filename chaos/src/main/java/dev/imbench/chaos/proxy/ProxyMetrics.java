package dev.imbench.chaos.proxy;

import dev.imbench.chaos.toxic.Direction;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one proxy: bytes received from and sent to each side, per direction; connections. */
public final class ProxyMetrics {

    private final LongAdder[] received = {new LongAdder(), new LongAdder()};
    private final LongAdder[] sent = {new LongAdder(), new LongAdder()};
    private final LongAdder connections = new LongAdder();
    private final LongAdder refused = new LongAdder();

    void received(Direction d, long bytes) {
        received[d.ordinal()].add(bytes);
    }

    void sent(Direction d, long bytes) {
        sent[d.ordinal()].add(bytes);
    }

    void connection() {
        connections.increment();
    }

    void refused() {
        refused.increment();
    }

    /** Connections closed at accept because the proxy's connection bound was reached. */
    public long refusedConnections() {
        return refused.sum();
    }

    /** Bytes the proxy read, flowing in direction {@code d}. */
    public long receivedBytes(Direction d) {
        return received[d.ordinal()].sum();
    }

    /** Bytes the proxy wrote (after toxics), flowing in direction {@code d}. */
    public long sentBytes(Direction d) {
        return sent[d.ordinal()].sum();
    }

    /** Connections accepted since creation. */
    public long connections() {
        return connections.sum();
    }
}
