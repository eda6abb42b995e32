package dev.imbench.server.gate;

import dev.imbench.protocol.FrameCodec;
import dev.imbench.protocol.FrameHeader;
import dev.imbench.protocol.pb.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.util.List;

/**
 * Unwraps inbound binary WebSocket messages (whole messages: the {@code WebSocketFrameAggregator} in
 * front joined their fragments) into bytes for the FrameDecoder, and wraps each encoded frame into one
 * binary WebSocket message. A message must hold exactly one wire frame: a message whose length is not
 * {@code 20 + bodyLength} of its header (half a frame, two frames) is answered with
 * {@code ERR_MALFORMED_FRAME} and the connection is closed, so bytes are never joined across messages.
 * Text messages are not part of the protocol: the connection is closed.
 */
final class WebSocketBinaryFrameCodec extends MessageToMessageCodec<Object, ByteBuf> {

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        out.add(new BinaryWebSocketFrame(msg.retain()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        if (!(msg instanceof BinaryWebSocketFrame frame)) {
            ctx.close();
            return;
        }
        ByteBuf c = frame.content();
        int n = c.readableBytes();
        if (n >= FrameHeader.LENGTH && c.getInt(c.readerIndex() + 16) == n - FrameHeader.LENGTH) {
            out.add(c.retain());
            return;
        }
        int seq = n >= 16 ? c.getInt(c.readerIndex() + 12) : 0;
        int cmd = n >= 12 ? c.getInt(c.readerIndex() + 8) : 0;
        byte[] error = FrameCodec.encode(Session.errorFrame(seq, cmd, ErrorCode.ERR_MALFORMED_FRAME,
                "a WebSocket message must carry exactly one frame; this one has " + n + " bytes"
                        + (n >= FrameHeader.LENGTH ? " for a frame of " + (FrameHeader.LENGTH + c.getInt(c.readerIndex() + 16)) : "")));
        ctx.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(error))).addListener(ChannelFutureListener.CLOSE);
    }
}
