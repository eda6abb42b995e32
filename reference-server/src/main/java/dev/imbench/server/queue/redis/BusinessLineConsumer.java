package dev.imbench.server.queue.redis;

import dev.imbench.server.queue.BusinessMessage;
import java.util.List;
import java.util.function.Consumer;

/**
 * The sample business server: reads a business line in batches, hands each message to a handler
 * and acknowledges the batch only after the handler returned, so a crash redelivers (at least once).
 */
public final class BusinessLineConsumer {

    private final RedisStreamBusinessQueue queue;
    private final String business;
    private final Consumer<BusinessMessage> handler;

    /** A consumer of {@code business} on {@code queue}. */
    public BusinessLineConsumer(RedisStreamBusinessQueue queue, String business, Consumer<BusinessMessage> handler) {
        this.queue = queue;
        this.business = business;
        this.handler = handler;
    }

    /** Handles and acknowledges up to {@code max} entries; returns how many were handled. */
    public int drainOnce(int max) {
        List<StreamDelivery> batch = queue.read(business, max);
        for (StreamDelivery d : batch) {
            handler.accept(d.message());
        }
        queue.ack(business, batch);
        return batch.size();
    }
}
