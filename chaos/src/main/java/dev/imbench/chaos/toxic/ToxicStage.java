package dev.imbench.chaos.toxic;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPromise;

/**
 * The behaviour of one toxic on one connection and direction. All calls happen on the channel's
 * event loop. A stage owns the buffers it receives: it forwards them to its output or releases them
 * (completing the promise, if any, as the network "accepted" it).
 */
public interface ToxicStage {

    /** A chunk of bytes arrives; {@code promise} is null for inbound data. */
    void data(ByteBuf data, ChannelPromise promise, StageOutput out);

    /** The stream ended gracefully (peer or local close); default: pass on at once. */
    default void end(StageOutput out) {
        out.end();
    }

    /** The toxic is removed or replaced: hand held data to {@code out} and cancel timers. */
    default void detach(StageOutput out) {
    }

    /** Drops a chunk: releases it and completes its promise. */
    static void drop(ByteBuf data, ChannelPromise promise) {
        data.release();
        if (promise != null) {
            promise.trySuccess();
        }
    }
}
