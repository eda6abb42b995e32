package dev.imbench.chaos.toxic;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPromise;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code slicer}: cuts data into pieces of about {@code average_size} bytes (± {@code size_variation},
 * uniform) with {@code delay} microseconds between pieces; order is kept.
 */
public final class SlicerToxic implements Toxic {

    @Override
    public String type() {
        return "slicer";
    }

    @Override
    public Map<String, Long> defaults() {
        return Map.of("average_size", 0L, "size_variation", 0L, "delay", 0L);
    }

    @Override
    public ToxicStage open(ToxicSpec spec, StageContext context) {
        long average = spec.attr("average_size");
        long variation = Math.min(spec.attr("size_variation"), Math.max(0, average - 1));
        long delayNanos = TimeUnit.MICROSECONDS.toNanos(spec.attr("delay"));
        OrderedRelease release = new OrderedRelease(context);
        return new ToxicStage() {
            @Override
            public void data(ByteBuf data, ChannelPromise promise, StageOutput out) {
                if (average <= 0) {
                    release.add(context.clock().getAsLong(), data, promise);
                    return;
                }
                long at = Math.max(context.clock().getAsLong(), release.lastRelease());
                boolean first = true;
                while (data.readableBytes() > 0) {
                    long size = average + (variation > 0 ? context.random().nextLong(-variation, variation + 1) : 0);
                    int n = (int) Math.min(Math.max(1, size), data.readableBytes());
                    boolean last = n == data.readableBytes();
                    ByteBuf piece = last ? data : data.readRetainedSlice(n);
                    if (!first) {
                        at += delayNanos;
                    }
                    first = false;
                    release.add(at, piece, last ? promise : null);
                    if (last) {
                        return;
                    }
                }
                ToxicStage.drop(data, promise);
            }

            @Override
            public void end(StageOutput out) {
                release.add(context.clock().getAsLong(), null, null);
            }

            @Override
            public void detach(StageOutput out) {
                release.flushAll(out);
            }
        };
    }
}
