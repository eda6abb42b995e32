package dev.imbench.server.push;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The embedded notifier: counts every notice and keeps the most recent ones (bounded) for inspection. */
public final class RecordingPushNotifier implements PushNotifier {

    /** How many notices are kept. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;
    private final ArrayDeque<OfflineNotice> recent = new ArrayDeque<>();
    private final AtomicLong total = new AtomicLong();

    /** Keeps up to {@link #DEFAULT_CAPACITY} notices. */
    public RecordingPushNotifier() {
        this(DEFAULT_CAPACITY);
    }

    /** Keeps up to {@code capacity} most recent notices. */
    public RecordingPushNotifier(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public void notifyOffline(OfflineNotice notice) {
        total.incrementAndGet();
        synchronized (recent) {
            if (recent.size() == capacity) {
                recent.removeFirst();
            }
            recent.add(notice);
        }
    }

    /** The kept notices, oldest first. */
    public List<OfflineNotice> notices() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    /** Every notice ever sent. */
    public long total() {
        return total.get();
    }
}
