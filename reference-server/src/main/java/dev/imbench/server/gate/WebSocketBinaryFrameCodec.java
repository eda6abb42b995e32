package dev.imbench.server.gate;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.util.List;

/**
 * Unwraps inbound binary WebSocket messages into bytes for the FrameDecoder, and wraps each encoded
 * frame into one binary WebSocket message. Text messages are not part of the protocol: the
 * connection is closed.
 */
final class WebSocketBinaryFrameCodec extends MessageToMessageCodec<Object, ByteBuf> {

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        out.add(new BinaryWebSocketFrame(msg.retain()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        if (msg instanceof BinaryWebSocketFrame frame) {
            out.add(frame.content().retain());
        } else {
            ctx.close();
        }
    }
}
