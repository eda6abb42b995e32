package dev.imbench.chaos.toxic;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPromise;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** {@code slow_close}: data passes; the close is passed on {@code delay} ms later. */
public final class SlowCloseToxic implements Toxic {

    @Override
    public String type() {
        return "slow_close";
    }

    @Override
    public Map<String, Long> defaults() {
        return Map.of("delay", 0L);
    }

    @Override
    public ToxicStage open(ToxicSpec spec, StageContext context) {
        long delay = spec.attr("delay");
        return new ToxicStage() {
            private ScheduledFuture<?> timer;

            @Override
            public void data(ByteBuf data, ChannelPromise promise, StageOutput out) {
                out.data(data, promise);
            }

            @Override
            public void end(StageOutput out) {
                if (timer == null) {
                    timer = context.executor().schedule(out::end, delay, TimeUnit.MILLISECONDS);
                }
            }

            @Override
            public void detach(StageOutput out) {
                if (timer != null && timer.cancel(false)) {
                    out.end();
                }
            }
        };
    }
}
