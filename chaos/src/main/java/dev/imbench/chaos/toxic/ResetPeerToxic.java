package dev.imbench.chaos.toxic;

import dev.imbench.chaos.Toxic;
import dev.imbench.chaos.ToxicContext;
import io.netty.buffer.ByteBuf;

/** {@code reset_peer}: on the first data, waits {@code timeout} ms, then resets the connection (TCP RST). */
public final class ResetPeerToxic implements Toxic {

    private final long timeoutMs;
    private boolean armed;

    /** A reset {@code timeoutMs} after the first data. */
    public ResetPeerToxic(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void onChunk(ByteBuf chunk, ToxicContext ctx) {
        if (!armed) {
            armed = true;
            ctx.schedule(ctx::reset, timeoutMs * 1_000_000L);
        }
        ctx.forward(chunk);
    }
}
