package dev.imbench.server.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/** In-memory queues, one per business line, bounded by count and bytes ({@link QueueBounds}). */
public final class InMemoryBusinessQueue implements BusinessQueue {

    /** Default capacity of each business line's queue. */
    public static final int DEFAULT_CAPACITY = (int) QueueBounds.DEFAULTS.capacity();

    private final QueueBounds bounds;
    private final ConcurrentHashMap<String, Line> lines = new ConcurrentHashMap<>();
    private final AtomicLong totalBytes = new AtomicLong();

    private record Line(LinkedBlockingQueue<BusinessMessage> queue, AtomicLong bytes) {
    }

    /** Queues with {@link QueueBounds#DEFAULTS}. */
    public InMemoryBusinessQueue() {
        this(QueueBounds.DEFAULTS);
    }

    /** Queues holding at most {@code capacity} messages each, with the default byte bounds. */
    public InMemoryBusinessQueue(int capacity) {
        this(new QueueBounds(capacity, QueueBounds.DEFAULTS.maxLineBytes(), QueueBounds.DEFAULTS.maxTotalBytes()));
    }

    /** Queues within {@code bounds}. */
    public InMemoryBusinessQueue(QueueBounds bounds) {
        this.bounds = bounds;
    }

    @Override
    public boolean publish(BusinessMessage message) {
        long cost = QueueBounds.cost(message);
        if (!reserve(totalBytes, cost, bounds.maxTotalBytes())) {
            return false;
        }
        Line line = lines.computeIfAbsent(message.business(),
                k -> new Line(new LinkedBlockingQueue<>((int) Math.min(Integer.MAX_VALUE, bounds.capacity())), new AtomicLong()));
        if (!reserve(line.bytes(), cost, bounds.maxLineBytes())) {
            totalBytes.addAndGet(-cost);
            return false;
        }
        if (!line.queue().offer(message)) {
            line.bytes().addAndGet(-cost);
            totalBytes.addAndGet(-cost);
            return false;
        }
        return true;
    }

    private static boolean reserve(AtomicLong used, long cost, long max) {
        while (true) {
            long now = used.get();
            if (now + cost > max) {
                return false;
            }
            if (used.compareAndSet(now, now + cost)) {
                return true;
            }
        }
    }

    @Override
    public List<BusinessMessage> poll(String business, int max) {
        List<BusinessMessage> out = new ArrayList<>();
        Line line = lines.get(business); // polling a line never creates it
        if (line != null) {
            line.queue().drainTo(out, max);
            long freed = out.stream().mapToLong(QueueBounds::cost).sum();
            line.bytes().addAndGet(-freed);
            totalBytes.addAndGet(-freed);
        }
        return out;
    }

    @Override
    public int depth(String business) {
        Line line = lines.get(business);
        return line == null ? 0 : line.queue().size();
    }

    /** Bytes held over every line (as {@link QueueBounds#cost} counts them). */
    public long heldBytes() {
        return totalBytes.get();
    }
}
