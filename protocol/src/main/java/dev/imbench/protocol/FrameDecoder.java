package dev.imbench.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a byte stream into {@link Frame}s; each refused frame becomes a
 * {@link BadFrame} instead of an exception, so the next handler decides what
 * to answer.
 *
 * <p>The header is validated before the body is awaited, so the decoder never
 * holds more than {@code 20 + maxBodyLength} bytes and never allocates the
 * announced body size. After a fatal error ({@link DecodeError#fatal()}) the
 * stream cannot be re-synchronised: one BadFrame is emitted and every later
 * byte is discarded.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    private final FrameLimits limits;
    private boolean failed;

    /** A decoder with the given limits. */
    public FrameDecoder(FrameLimits limits) {
        this.limits = limits;
    }

    /** A decoder with {@link FrameLimits#DEFAULT}. */
    public FrameDecoder() {
        this(FrameLimits.DEFAULT);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        // Wait until a whole header is available.
        if (in.readableBytes() < FrameHeader.LENGTH) {
            return;
        }
        int start = in.readerIndex();
        int cmdId = in.getInt(start + 8);
        int seq = in.getInt(start + 12);
        int bodyLength = in.getInt(start + 16);
        BadFrame refused = FrameCodec.checkHeader(in.getInt(start), cmdId, seq, bodyLength, limits);
        if (refused != null) {
            failed = true;
            in.skipBytes(in.readableBytes());
            out.add(refused);
            return;
        }
        // Wait until the whole body is available (bounded by maxBodyLength).
        if (in.readableBytes() < FrameHeader.LENGTH + bodyLength) {
            return;
        }
        out.add(FrameCodec.parseBody(in.getInt(start + 4), cmdId, seq, in, start + FrameHeader.LENGTH, bodyLength));
        in.skipBytes(FrameHeader.LENGTH + bodyLength);
    }

    /** Capacity of the buffer holding a partial frame, in bytes: bounded by 20 + maxBodyLength plus one read. */
    public int heldCapacity() {
        return internalBuffer().capacity();
    }

    /** Whether a fatal error has been seen; the connection should be closed. */
    public boolean failed() {
        return failed;
    }
}
