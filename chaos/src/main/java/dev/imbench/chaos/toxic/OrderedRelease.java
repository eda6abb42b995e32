package dev.imbench.chaos.toxic;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPromise;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A queue of chunks released at given times in arrival order (a later item never overtakes an
 * earlier one), shared by the delaying toxics.
 */
final class OrderedRelease {

    private record Item(long atNanos, ByteBuf data, ChannelPromise promise) {
    }

    private final StageContext context;
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private ScheduledFuture<?> timer;
    private long lastRelease = Long.MIN_VALUE;

    OrderedRelease(StageContext context) {
        this.context = context;
    }

    /** The release time of the last queued item (or MIN_VALUE when none was queued yet). */
    long lastRelease() {
        return lastRelease;
    }

    /** Queues a chunk ({@code data == null} = end of stream) for release at {@code atNanos} or later. */
    void add(long atNanos, ByteBuf data, ChannelPromise promise) {
        long at = Math.max(atNanos, lastRelease);
        lastRelease = at;
        queue.add(new Item(at, data, promise));
        pump();
    }

    private void pump() {
        long now = context.clock().getAsLong();
        while (!queue.isEmpty() && queue.peek().atNanos() <= now) {
            emit(queue.poll(), context.output());
        }
        if (!queue.isEmpty() && timer == null) {
            long wait = queue.peek().atNanos() - now;
            timer = context.executor().schedule(() -> {
                timer = null;
                pump();
            }, wait, TimeUnit.NANOSECONDS);
        }
    }

    private static void emit(Item item, StageOutput out) {
        if (item.data() == null) {
            out.end();
        } else {
            out.data(item.data(), item.promise());
        }
    }

    /** Releases everything now to {@code out}, in order, and stops the timer. */
    void flushAll(StageOutput out) {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        while (!queue.isEmpty()) {
            emit(queue.poll(), out);
        }
    }
}
