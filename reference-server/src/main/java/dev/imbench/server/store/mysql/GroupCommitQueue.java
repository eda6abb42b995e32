package dev.imbench.server.store.mysql;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A group-commit queue: callers {@link #offer} items and each of {@code threads} writer threads takes whatever is
 * queued (up to {@code maxBatchRows} rows, waiting up to {@code maxWait} for more after the first) and hands it to
 * its own {@link Writer} as one batch. Knows nothing of SQL: the writer decides what a batch means.
 *
 * @param <T> the queued item
 */
final class GroupCommitQueue<T extends GroupCommitQueue.Queued> implements AutoCloseable {

    /** What the queue needs of an item. */
    interface Queued {
        /** Rows the item adds to a batch (its weight against {@code maxBatchRows}). */
        int rows();

        /** Fails the item (queue closed or full batch failed). */
        void fail(RuntimeException e);
    }

    /** One writer thread's batch writer; completes or fails every item of each batch it is given. */
    interface Writer<T> extends AutoCloseable {
        /** Writes one batch (never empty); must complete or fail every item. */
        void write(List<T> batch);

        /** Releases what the writer holds (its connection); called when its thread stops. */
        @Override
        void close();
    }

    private final String name;
    private final GroupCommitSettings settings;
    private final BlockingQueue<T> queue;
    private final List<Thread> threads = new ArrayList<>();
    private final LongAdder batches = new LongAdder();
    private final LongAdder calls = new LongAdder();
    private final LongAdder writeNanos = new LongAdder();
    private volatile boolean closed;

    /** Starts {@link GroupCommitSettings#committersPerShard()} threads named {@code name-i}, each with its own writer. */
    GroupCommitQueue(String name, GroupCommitSettings settings, Supplier<Writer<T>> writers) {
        this.name = name;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        for (int i = 0; i < settings.committersPerShard(); i++) {
            Writer<T> w = writers.get();
            threads.add(Thread.ofPlatform().daemon().name(name + "-" + i).start(() -> run(w)));
        }
    }

    /** Queues an item, or fails at once when the queue is full or closed. */
    void offer(T item) {
        if (closed) {
            throw new IllegalStateException("MySQL store closed");
        }
        if (!queue.offer(item)) {
            throw new IllegalStateException("MySQL " + name + " write queue full (" + settings.queueCapacity()
                    + " calls waiting)");
        }
        if (closed) {
            failQueued();
        }
    }

    /** Items waiting (not counting the batches being written). */
    int queued() {
        return queue.size();
    }

    /** Batches written (committed or failed), items in them, and the writers' time spent writing them. */
    GroupCommitStats stats() {
        return new GroupCommitStats(batches.sum(), calls.sum(), writeNanos.sum());
    }

    private void run(Writer<T> writer) {
        List<T> batch = new ArrayList<>();
        T carry = null; // taken from the queue but did not fit the previous batch
        try (writer) {
            while (!closed) {
                try {
                    batch.clear();
                    carry = fill(batch, carry);
                } catch (InterruptedException e) {
                    batch.forEach(op -> op.fail(new IllegalStateException("MySQL store closed")));
                    continue;
                }
                long t0 = System.nanoTime();
                writer.write(batch);
                writeNanos.add(System.nanoTime() - t0);
                batches.increment();
                calls.add(batch.size());
            }
        }
        if (carry != null) {
            carry.fail(new IllegalStateException("MySQL store closed"));
        }
        failQueued();
    }

    /**
     * Takes the next batch: {@code carry} or the first queued item (waiting for it), then what fits until the queue
     * is empty or maxWait passed. Returns the item that was taken but did not fit (or null).
     */
    private T fill(List<T> batch, T carry) throws InterruptedException {
        T first = carry != null ? carry : queue.take();
        batch.add(first);
        int rows = first.rows();
        long waitNanos = settings.maxWait().toNanos();
        long deadline = System.nanoTime() + waitNanos;
        while (rows < settings.maxBatchRows()) {
            T next = queue.poll();
            if (next == null && waitNanos > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                next = queue.poll(left, TimeUnit.NANOSECONDS);
            }
            if (next == null) {
                break;
            }
            if (rows + next.rows() > settings.maxBatchRows()) {
                return next;
            }
            batch.add(next);
            rows += next.rows();
        }
        return null;
    }

    private void failQueued() {
        IllegalStateException closedEx = new IllegalStateException("MySQL store closed");
        for (T op; (op = queue.poll()) != null; ) {
            op.fail(closedEx);
        }
    }

    /** Stops the threads after their current batch; queued items fail. */
    @Override
    public void close() {
        closed = true;
        threads.forEach(Thread::interrupt);
        try {
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failQueued();
    }
}
