package dev.imbench.chaos.toxic;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPromise;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code latency}: every chunk waits {@code latency ± jitter} ms (uniform) from its arrival; order
 * is kept, so jitter never reorders (a chunk never leaves before its predecessor).
 */
public final class LatencyToxic implements Toxic {

    @Override
    public String type() {
        return "latency";
    }

    @Override
    public Map<String, Long> defaults() {
        return Map.of("latency", 0L, "jitter", 0L);
    }

    @Override
    public ToxicStage open(ToxicSpec spec, StageContext context) {
        long latency = spec.attr("latency");
        long jitter = spec.attr("jitter");
        OrderedRelease release = new OrderedRelease(context);
        return new ToxicStage() {
            private long delayNanos() {
                long ms = latency;
                if (jitter > 0) {
                    ms += context.random().nextLong(-jitter, jitter + 1);
                }
                return TimeUnit.MILLISECONDS.toNanos(Math.max(0, ms));
            }

            @Override
            public void data(ByteBuf data, ChannelPromise promise, StageOutput out) {
                release.add(context.clock().getAsLong() + delayNanos(), data, promise);
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
