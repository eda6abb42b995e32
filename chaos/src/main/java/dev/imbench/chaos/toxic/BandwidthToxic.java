package dev.imbench.chaos.toxic;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPromise;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code bandwidth}: at most {@code rate} KB/s (1 KB = 1000 bytes, as Toxiproxy), sent in 100 ms
 * slices of {@code rate * 100} bytes. Rate 0 holds all data (a hang, not a close).
 */
public final class BandwidthToxic implements Toxic {

    /** Length of one slice. */
    public static final long SLICE_MS = 100;

    @Override
    public String type() {
        return "bandwidth";
    }

    @Override
    public Map<String, Long> defaults() {
        return Map.of("rate", 0L);
    }

    @Override
    public ToxicStage open(ToxicSpec spec, StageContext context) {
        return new Stage(spec.attr("rate") * SLICE_MS, context);
    }

    private static final class Stage implements ToxicStage {
        private record Held(ByteBuf data, ChannelPromise promise) {
        }

        private final long sliceBytes;
        private final StageContext context;
        private final ArrayDeque<Held> queue = new ArrayDeque<>();
        private boolean ended;
        private long budget;
        private long nextSliceNanos = Long.MIN_VALUE;
        private ScheduledFuture<?> timer;

        Stage(long sliceBytes, StageContext context) {
            this.sliceBytes = sliceBytes;
            this.context = context;
        }

        @Override
        public void data(ByteBuf data, ChannelPromise promise, StageOutput out) {
            queue.add(new Held(data, promise));
            pump();
        }

        @Override
        public void end(StageOutput out) {
            ended = true;
            pump();
        }

        private void pump() {
            if (sliceBytes == 0) {
                return; // rate 0: hold everything
            }
            long now = context.clock().getAsLong();
            if (now >= nextSliceNanos && timer == null) {
                budget = sliceBytes;
                nextSliceNanos = now + TimeUnit.MILLISECONDS.toNanos(SLICE_MS);
            }
            while (!queue.isEmpty() && budget > 0) {
                Held h = queue.peek();
                int n = h.data().readableBytes();
                if (n <= budget) {
                    queue.poll();
                    budget -= n;
                    context.output().data(h.data(), h.promise());
                } else {
                    ByteBuf part = h.data().readRetainedSlice((int) budget);
                    budget = 0;
                    context.output().data(part, null);
                }
            }
            if (queue.isEmpty() && ended) {
                ended = false;
                context.output().end();
            }
            if ((!queue.isEmpty() || ended) && timer == null) {
                timer = context.executor().schedule(() -> {
                    timer = null;
                    pump();
                }, Math.max(0, nextSliceNanos - now), TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void detach(StageOutput out) {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            while (!queue.isEmpty()) {
                Held h = queue.poll();
                out.data(h.data(), h.promise());
            }
            if (ended) {
                out.end();
            }
        }
    }
}
