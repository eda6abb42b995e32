package dev.imbench.sim.business;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Rows of a fixed number of long columns, appended by any thread and allocated in chunks as they
 * fill, so a run pays for the rows it uses. Each row's cells are read and written under its chunk's
 * lock; the row count is bounded ({@link #MAX_ROWS}).
 */
final class FlowRows {

    private static final int CHUNK_BITS = 14;
    private static final int CHUNK = 1 << CHUNK_BITS;
    /** Rows one run may append. */
    static final long MAX_ROWS = (long) CHUNK << 12;

    private final String what;
    private final int columns;
    private final AtomicLong next = new AtomicLong();
    private final AtomicReferenceArray<long[]> chunks = new AtomicReferenceArray<>((int) (MAX_ROWS >> CHUNK_BITS));

    FlowRows(String what, int columns) {
        this.what = what;
        this.columns = columns;
    }

    /** A new row, every cell 0; its index. */
    long append() {
        long row = next.getAndIncrement();
        if (row >= MAX_ROWS) {
            next.decrementAndGet();
            throw new IllegalStateException("more than " + MAX_ROWS + " " + what + " in one run");
        }
        int c = (int) (row >> CHUNK_BITS);
        if (chunks.get(c) == null) {
            chunks.compareAndSet(c, null, new long[CHUNK * columns]);
        }
        return row;
    }

    /** Rows appended so far. */
    long size() {
        return next.get();
    }

    /** Whether {@code row} was appended. */
    boolean has(long row) {
        return row >= 0 && row < next.get();
    }

    long get(long row, int column) {
        long[] chunk = chunk(row);
        synchronized (chunk) {
            return chunk[offset(row, column)];
        }
    }

    void set(long row, int column, long value) {
        long[] chunk = chunk(row);
        synchronized (chunk) {
            chunk[offset(row, column)] = value;
        }
    }

    /** Sets a cell if it is 0; whether it was. */
    boolean setIfZero(long row, int column, long value) {
        long[] chunk = chunk(row);
        synchronized (chunk) {
            int o = offset(row, column);
            if (chunk[o] != 0) {
                return false;
            }
            chunk[o] = value;
            return true;
        }
    }

    /** Adds to a cell; its new value. */
    long add(long row, int column, long delta) {
        long[] chunk = chunk(row);
        synchronized (chunk) {
            return chunk[offset(row, column)] += delta;
        }
    }

    private long[] chunk(long row) {
        long[] chunk = chunks.get((int) (row >> CHUNK_BITS));
        while (chunk == null) { // appended by another thread an instant ago
            Thread.onSpinWait();
            chunk = chunks.get((int) (row >> CHUNK_BITS));
        }
        return chunk;
    }

    private int offset(long row, int column) {
        return (int) (row & (CHUNK - 1)) * columns + column;
    }

    /**
     * Interrupts a worker thread that looks at its stop flag between parks (a call it waits on ends
     * too), and waits for it to end.
     */
    static void stopAndJoin(Thread worker) {
        worker.interrupt();
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
