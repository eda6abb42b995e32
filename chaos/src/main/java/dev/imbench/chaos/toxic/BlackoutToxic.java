package dev.imbench.chaos.toxic;

import dev.imbench.chaos.Toxic;
import dev.imbench.chaos.ToxicContext;
import io.netty.buffer.ByteBuf;

/**
 * {@code blackout} (an imbench extension, not a Toxiproxy toxic): every
 * {@code period} ms the link goes dark for {@code duration} ms, starting
 * {@code offset} ms after the connection was set up (or at an offset within the
 * period drawn from the connection's seed when {@code offset} is absent, the
 * same for both directions, so a connection's up and down links go dark together). Bytes are held, not lost, as TCP
 * retransmission would deliver them after the signal returns; order is kept.
 */
public final class BlackoutToxic implements Toxic {

    private final long periodNanos;
    private final long durationNanos;
    private final long offsetMs;
    private final OrderedRelease release = new OrderedRelease();
    private long origin = -1;

    /** Blackouts of {@code durationMs} every {@code periodMs}, the first {@code offsetMs} in (-1: seeded). */
    public BlackoutToxic(long periodMs, long durationMs, long offsetMs) {
        this.periodNanos = periodMs * 1_000_000L;
        this.durationNanos = Math.min(durationMs, periodMs) * 1_000_000L;
        this.offsetMs = offsetMs;
    }

    @Override
    public void onChunk(ByteBuf chunk, ToxicContext ctx) {
        long now = ctx.nanoTime();
        if (origin < 0) {
            long offset = offsetMs >= 0 ? offsetMs * 1_000_000L
                    : new java.util.SplittableRandom(ctx.connectionSeed()).nextLong(periodNanos);
            origin = ctx.connectedAtNanos() + offset;
        }
        long phase = Math.floorMod(now - origin, periodNanos);
        long at = now >= origin && phase < durationNanos ? now + (durationNanos - phase) : now;
        release.releaseAt(chunk, at, ctx);
    }

    @Override
    public void onRemove(ToxicContext ctx) {
        release.flush(ctx);
    }
}
