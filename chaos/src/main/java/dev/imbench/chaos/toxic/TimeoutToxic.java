package dev.imbench.chaos.toxic;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPromise;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code timeout}: drops all data and closes the connection {@code timeout} ms after the toxic
 * starts on it; 0 means never close. Removing the toxic closes the connections it held.
 */
public final class TimeoutToxic implements Toxic {

    @Override
    public String type() {
        return "timeout";
    }

    @Override
    public Map<String, Long> defaults() {
        return Map.of("timeout", 0L);
    }

    @Override
    public ToxicStage open(ToxicSpec spec, StageContext context) {
        long timeout = spec.attr("timeout");
        ScheduledFuture<?> timer = timeout == 0 ? null
            : context.executor().schedule(() -> context.output().abort(false), timeout, TimeUnit.MILLISECONDS);
        return new ToxicStage() {
            @Override
            public void data(ByteBuf data, ChannelPromise promise, StageOutput out) {
                ToxicStage.drop(data, promise);
            }

            @Override
            public void detach(StageOutput out) {
                if (timer != null) {
                    timer.cancel(false);
                }
                out.abort(false);
            }
        };
    }
}
