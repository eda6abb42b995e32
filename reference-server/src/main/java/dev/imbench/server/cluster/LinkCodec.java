package dev.imbench.server.cluster;

import dev.imbench.protocol.pb.LinkEnvelope;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.io.IOException;
import java.util.List;

/** The link's wire format: a 4-byte big-endian length, then one {@link LinkEnvelope}. */
final class LinkCodec {

    /** Largest envelope accepted: a client frame's body limit plus room for the envelope fields. */
    static final int MAX_ENVELOPE = 16 * 1024 * 1024;

    private LinkCodec() {
    }

    /** Adds the framing and the envelope codec to {@code p}. */
    static void install(ChannelPipeline p) {
        p.addLast(new LengthFieldBasedFrameDecoder(MAX_ENVELOPE, 0, 4, 0, 4));
        p.addLast(new LengthFieldPrepender(4));
        p.addLast(new Decoder());
        p.addLast(new Encoder());
    }

    private static final class Decoder extends MessageToMessageDecoder<ByteBuf> {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws IOException {
            try (ByteBufInputStream s = new ByteBufInputStream(in)) {
                out.add(LinkEnvelope.parseFrom(s));
            }
        }
    }

    private static final class Encoder extends MessageToMessageEncoder<LinkEnvelope> {
        @Override
        protected void encode(ChannelHandlerContext ctx, LinkEnvelope e, List<Object> out) {
            ByteBuf buf = ctx.alloc().buffer(e.getSerializedSize());
            buf.writeBytes(e.toByteArray());
            out.add(buf);
        }
    }
}
