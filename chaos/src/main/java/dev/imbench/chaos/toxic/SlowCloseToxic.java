package dev.imbench.chaos.toxic;

import dev.imbench.chaos.Toxic;
import dev.imbench.chaos.ToxicContext;
import io.netty.buffer.ByteBuf;

/** {@code slow_close}: data passes; the close is delayed by {@code delay} ms (applied by the handler). */
public final class SlowCloseToxic implements Toxic {

    private final long delayMs;

    /** A close delayed by {@code delayMs}. */
    public SlowCloseToxic(long delayMs) {
        this.delayMs = delayMs;
    }

    /** How long the close waits. */
    public long delayMs() {
        return delayMs;
    }

    @Override
    public void onChunk(ByteBuf chunk, ToxicContext ctx) {
        ctx.forward(chunk);
    }
}
