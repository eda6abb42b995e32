package dev.imbench.chaos;

import io.netty.buffer.ByteBuf;

/**
 * The behaviour of one toxic on one connection in one direction. Instances
 * hold per-connection state and run on the connection's event loop only.
 */
public interface Toxic {

    /** A chunk arrived: pass it on with {@link ToxicContext#forward}, now or later, or drop it (release it). */
    void onChunk(ByteBuf chunk, ToxicContext ctx);

    /** The toxic is removed or the connection closes: release anything held. */
    default void onRemove(ToxicContext ctx) {
    }
}
