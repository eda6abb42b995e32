package dev.imbench.sim.measure;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A counter per second of the run, addressed by the second an event was
 * intended for (which may already be written when the event is counted).
 * Lock-free; chunks of 1024 seconds are made on first use.
 */
final class SecondCounts {

    private static final int CHUNK = 1024;
    private static final int CHUNKS = 4096;

    private final AtomicReferenceArray<AtomicLongArray> chunks = new AtomicReferenceArray<>(CHUNKS);

    /** Adds {@code n} to second {@code s} (from 0; out of range goes to the nearest end). */
    void add(long s, long n) {
        int sec = (int) Math.max(0, Math.min((long) CHUNK * CHUNKS - 1, s));
        AtomicLongArray c = chunks.get(sec / CHUNK);
        if (c == null) {
            chunks.compareAndSet(sec / CHUNK, null, new AtomicLongArray(CHUNK));
            c = chunks.get(sec / CHUNK);
        }
        c.addAndGet(sec % CHUNK, n);
    }

    /** The count of second {@code s} (from 0). */
    long get(int s) {
        if (s < 0 || s >= CHUNK * CHUNKS) {
            return 0;
        }
        AtomicLongArray c = chunks.get(s / CHUNK);
        return c == null ? 0 : c.get(s % CHUNK);
    }
}
