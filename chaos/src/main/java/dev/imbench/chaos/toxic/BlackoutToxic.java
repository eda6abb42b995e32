package dev.imbench.chaos.toxic;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPromise;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code blackout} (imbench extension, unknown to Toxiproxy): a time-varying stall. Every
 * {@code period} ms the path goes dark for {@code duration} ms; data arriving in the dark is held
 * and released, in order, when the light comes back (as TCP retransmission would deliver it).
 * {@code period} 0 means a single blackout starting {@code start} ms after the connection opens.
 * For periodic blackouts each connection draws its phase from its seeded generator, so clients do
 * not all go dark at once.
 */
public final class BlackoutToxic implements Toxic {

    @Override
    public String type() {
        return "blackout";
    }

    @Override
    public Map<String, Long> defaults() {
        return Map.of("period", 0L, "duration", 0L, "start", 0L);
    }

    @Override
    public ToxicStage open(ToxicSpec spec, StageContext context) {
        long period = TimeUnit.MILLISECONDS.toNanos(spec.attr("period"));
        long duration = TimeUnit.MILLISECONDS.toNanos(spec.attr("duration"));
        long origin = context.clock().getAsLong() + (period > 0
            ? -context.random().nextLong(period) : TimeUnit.MILLISECONDS.toNanos(spec.attr("start")));
        OrderedRelease release = new OrderedRelease(context);
        return new ToxicStage() {
            /** When data arriving at {@code now} may leave. */
            private long releaseAt(long now) {
                long since = now - origin;
                if (since < 0) {
                    return now;
                }
                if (period == 0) {
                    return since < duration ? origin + duration : now;
                }
                long phase = since % period;
                return phase < duration ? now + (duration - phase) : now;
            }

            @Override
            public void data(ByteBuf data, ChannelPromise promise, StageOutput out) {
                release.add(releaseAt(context.clock().getAsLong()), data, promise);
            }

            @Override
            public void end(StageOutput out) {
                release.add(releaseAt(context.clock().getAsLong()), null, null);
            }

            @Override
            public void detach(StageOutput out) {
                release.flushAll(out);
            }
        };
    }
}
