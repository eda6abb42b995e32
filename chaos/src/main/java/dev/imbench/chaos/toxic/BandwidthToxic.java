package dev.imbench.chaos.toxic;

import dev.imbench.chaos.Toxic;
import dev.imbench.chaos.ToxicContext;
import io.netty.buffer.ByteBuf;

/**
 * {@code bandwidth}: at most {@code rate} KB/s. Chunks leave in slices of at
 * most 100 ms worth of bytes, each slice once the previous one's time has
 * passed. A rate of 0 holds every byte (a hang, not a close).
 */
public final class BandwidthToxic implements Toxic {

    private static final long SLICE_NANOS = 100_000_000L;

    private final long bytesPerSecond;
    private final OrderedRelease release = new OrderedRelease();
    private ByteBuf held;

    /** A limit of {@code rateKb} KB/s (1 KB = 1024 bytes). */
    public BandwidthToxic(long rateKb) {
        this.bytesPerSecond = rateKb * 1024;
    }

    @Override
    public void onChunk(ByteBuf chunk, ToxicContext ctx) {
        if (bytesPerSecond == 0) {
            if (held == null) {
                held = chunk.alloc().buffer();
            }
            held.writeBytes(chunk);
            chunk.release();
            return;
        }
        long sliceBytes = Math.max(1, bytesPerSecond * SLICE_NANOS / 1_000_000_000L);
        long t = Math.max(ctx.nanoTime(), release.lastRelease());
        while (chunk.isReadable()) {
            int n = (int) Math.min(sliceBytes, chunk.readableBytes());
            ByteBuf slice = chunk.readRetainedSlice(n);
            t += n * 1_000_000_000L / bytesPerSecond;
            release.releaseAt(slice, t, ctx);
        }
        chunk.release();
    }

    @Override
    public void onRemove(ToxicContext ctx) {
        release.flush(ctx);
        if (held != null) {
            ctx.forward(held);
            held = null;
        }
    }
}
