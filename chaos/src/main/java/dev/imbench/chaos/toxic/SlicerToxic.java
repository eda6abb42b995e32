package dev.imbench.chaos.toxic;

import dev.imbench.chaos.Toxic;
import dev.imbench.chaos.ToxicContext;
import io.netty.buffer.ByteBuf;

/** {@code slicer}: cuts data into pieces of about {@code average_size} ± {@code size_variation} bytes, {@code delay} µs apart. */
public final class SlicerToxic implements Toxic {

    private final long average;
    private final long variation;
    private final long delayMicros;
    private final OrderedRelease release = new OrderedRelease();

    /** A slicer with Toxiproxy's three attributes. */
    public SlicerToxic(long averageSize, long sizeVariation, long delayMicros) {
        this.average = Math.max(1, averageSize);
        this.variation = Math.min(sizeVariation, average - 1);
        this.delayMicros = delayMicros;
    }

    @Override
    public void onChunk(ByteBuf chunk, ToxicContext ctx) {
        long t = Math.max(ctx.nanoTime(), release.lastRelease());
        while (chunk.isReadable()) {
            long size = average + (variation > 0 ? ctx.random().nextLong(-variation, variation + 1) : 0);
            int n = (int) Math.min(Math.max(1, size), chunk.readableBytes());
            release.releaseAt(chunk.readRetainedSlice(n), t, ctx);
            t += delayMicros * 1000;
        }
        chunk.release();
    }

    @Override
    public void onRemove(ToxicContext ctx) {
        release.flush(ctx);
    }
}
