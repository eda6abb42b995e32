package dev.imbench.chaos.toxic;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPromise;

/** Where a {@link ToxicStage} sends what it lets through: the next stage, or the channel. */
public interface StageOutput {

    /** Forwards a chunk (promise null for inbound data). */
    void data(ByteBuf data, ChannelPromise promise);

    /** Ends the stream gracefully after the data already forwarded (closes the connection). */
    void end();

    /** Aborts the connection now; with {@code rst} a TCP RST (SO_LINGER 0) where it is a socket. */
    void abort(boolean rst);
}
