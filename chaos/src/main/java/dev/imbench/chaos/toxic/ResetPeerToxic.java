package dev.imbench.chaos.toxic;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPromise;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code reset_peer}: on the first data, waits {@code timeout} ms, then aborts the connection with a
 * TCP RST (SO_LINGER 0). Data from then on is dropped.
 */
public final class ResetPeerToxic implements Toxic {

    @Override
    public String type() {
        return "reset_peer";
    }

    @Override
    public Map<String, Long> defaults() {
        return Map.of("timeout", 0L);
    }

    @Override
    public ToxicStage open(ToxicSpec spec, StageContext context) {
        long timeout = spec.attr("timeout");
        return new ToxicStage() {
            private ScheduledFuture<?> timer;
            private boolean triggered;

            @Override
            public void data(ByteBuf data, ChannelPromise promise, StageOutput out) {
                ToxicStage.drop(data, promise);
                if (triggered) {
                    return;
                }
                triggered = true;
                if (timeout == 0) {
                    out.abort(true);
                } else {
                    timer = context.executor().schedule(() -> out.abort(true), timeout, TimeUnit.MILLISECONDS);
                }
            }

            @Override
            public void detach(StageOutput out) {
                if (timer != null) {
                    timer.cancel(false);
                }
            }
        };
    }
}
