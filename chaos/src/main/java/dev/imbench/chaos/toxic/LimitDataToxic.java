package dev.imbench.chaos.toxic;

import dev.imbench.chaos.Toxic;
import dev.imbench.chaos.ToxicContext;
import io.netty.buffer.ByteBuf;

/** {@code limit_data}: forwards {@code bytes} bytes in total, then closes the connection. */
public final class LimitDataToxic implements Toxic {

    private long remaining;

    /** A limit of {@code bytes}. */
    public LimitDataToxic(long bytes) {
        this.remaining = bytes;
    }

    @Override
    public void onChunk(ByteBuf chunk, ToxicContext ctx) {
        if (remaining <= 0) {
            chunk.release();
            ctx.close();
            return;
        }
        if (chunk.readableBytes() <= remaining) {
            remaining -= chunk.readableBytes();
            ctx.forward(chunk);
        } else {
            ByteBuf head = chunk.readRetainedSlice((int) remaining);
            chunk.release();
            remaining = 0;
            ctx.forward(head);
        }
        if (remaining == 0) {
            ctx.close();
        }
    }
}
