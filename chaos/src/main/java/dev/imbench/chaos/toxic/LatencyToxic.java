package dev.imbench.chaos.toxic;

import dev.imbench.chaos.Toxic;
import dev.imbench.chaos.ToxicContext;
import io.netty.buffer.ByteBuf;

/** {@code latency}: each chunk waits latency ± jitter ms (uniform) from its arrival; order is kept. */
public final class LatencyToxic implements Toxic {

    private final long latencyMs;
    private final long jitterMs;
    private final OrderedRelease release = new OrderedRelease();

    /** A latency of {@code latencyMs} ± {@code jitterMs}. */
    public LatencyToxic(long latencyMs, long jitterMs) {
        this.latencyMs = latencyMs;
        this.jitterMs = jitterMs;
    }

    @Override
    public void onChunk(ByteBuf chunk, ToxicContext ctx) {
        long delayMs = latencyMs;
        if (jitterMs > 0) {
            delayMs += ctx.random().nextLong(-jitterMs, jitterMs + 1);
        }
        release.releaseAt(chunk, ctx.nanoTime() + Math.max(0, delayMs) * 1_000_000L, ctx);
    }

    @Override
    public void onRemove(ToxicContext ctx) {
        release.flush(ctx);
    }
}
