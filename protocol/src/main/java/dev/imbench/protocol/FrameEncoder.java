package dev.imbench.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes {@link Frame}s as header + protobuf body. Stateless and sharable. */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToByteEncoder<Frame> {

    /** The shared instance. */
    public static final FrameEncoder INSTANCE = new FrameEncoder();

    /** Prefer heap buffers: protobuf writes into a backing array with no extra copy. */
    public FrameEncoder() {
        super(Frame.class, false);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Frame msg, boolean preferDirect) {
        return ctx.alloc().heapBuffer(FrameCodec.encodedLength(msg));
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame msg, ByteBuf out) {
        FrameCodec.encode(msg, out);
    }
}
