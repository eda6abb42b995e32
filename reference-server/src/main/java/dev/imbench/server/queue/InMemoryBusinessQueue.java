package dev.imbench.server.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/** Bounded in-memory queues, one per business line. */
public final class InMemoryBusinessQueue implements BusinessQueue {

    /** Default capacity of each business line's queue. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private final int capacity;
    private final ConcurrentHashMap<String, LinkedBlockingQueue<BusinessMessage>> queues = new ConcurrentHashMap<>();

    /** Queues of {@link #DEFAULT_CAPACITY}. */
    public InMemoryBusinessQueue() {
        this(DEFAULT_CAPACITY);
    }

    /** Queues holding at most {@code capacity} messages each. */
    public InMemoryBusinessQueue(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public boolean publish(BusinessMessage message) {
        return queue(message.business()).offer(message);
    }

    @Override
    public List<BusinessMessage> poll(String business, int max) {
        List<BusinessMessage> out = new ArrayList<>();
        queue(business).drainTo(out, max);
        return out;
    }

    @Override
    public int depth(String business) {
        LinkedBlockingQueue<BusinessMessage> q = queues.get(business);
        return q == null ? 0 : q.size();
    }

    private LinkedBlockingQueue<BusinessMessage> queue(String business) {
        return queues.computeIfAbsent(business, k -> new LinkedBlockingQueue<>(capacity));
    }
}
