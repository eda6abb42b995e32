package dev.imbench.chaos.toxic;

import dev.imbench.chaos.Toxic;
import dev.imbench.chaos.ToxicContext;
import io.netty.buffer.ByteBuf;

/**
 * {@code timeout}: drops every byte, and closes the connection {@code timeout}
 * ms after the first one arrives (0: never). Removing the toxic closes the
 * connections it held, as Toxiproxy does: their streams lost bytes.
 */
public final class TimeoutToxic implements Toxic {

    private final long timeoutMs;
    private boolean armed;
    private boolean dropped;

    /** A timeout of {@code timeoutMs} (0: hold forever). */
    public TimeoutToxic(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void onChunk(ByteBuf chunk, ToxicContext ctx) {
        chunk.release();
        dropped = true;
        if (!armed && timeoutMs > 0) {
            armed = true;
            ctx.schedule(ctx::close, timeoutMs * 1_000_000L);
        }
    }

    @Override
    public void onRemove(ToxicContext ctx) {
        if (dropped) {
            ctx.close();
        }
    }
}
