package dev.imbench.protocol;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.imbench.protocol.pb.CmdId;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The encoding and validation rules shared by the Netty and the blocking
 * codecs, so both read and write exactly the same bytes.
 */
public final class FrameCodec {

    private FrameCodec() {
    }

    /**
     * Checks a header before any body byte is read or buffered.
     *
     * @return null if the header is acceptable, else the refusal
     */
    public static BadFrame checkHeader(FrameHeader h, FrameLimits limits) {
        return checkHeader(h.headLength(), h.cmdId(), h.seq(), h.bodyLength(), limits);
    }

    /** {@link #checkHeader(FrameHeader, FrameLimits)} on the raw fields, allocation-free when accepted. */
    public static BadFrame checkHeader(int headLength, int cmdId, int seq, int bodyLength, FrameLimits limits) {
        if (headLength != FrameHeader.LENGTH) {
            return new BadFrame(DecodeError.BAD_HEAD_LENGTH, cmdId, seq,
                    "headLength is " + headLength + ", expected " + FrameHeader.LENGTH);
        }
        if (bodyLength < 0) {
            return new BadFrame(DecodeError.NEGATIVE_BODY_LENGTH, cmdId, seq, "bodyLength is negative: " + bodyLength);
        }
        if (bodyLength > limits.maxBodyLength()) {
            return new BadFrame(DecodeError.BODY_TOO_LARGE, cmdId, seq,
                    "bodyLength " + bodyLength + " exceeds the maximum " + limits.maxBodyLength());
        }
        return null;
    }

    /** Parses a body whose header passed {@link #checkHeader}; yields a Frame or a non-fatal BadFrame. */
    public static Decoded parseBody(FrameHeader h, byte[] bytes, int offset, int length) {
        return parseBody(h.clientVersion(), h.cmdId(), h.seq(), bytes, offset, length);
    }

    /** Parses a body from an array, given the raw header fields. */
    public static Decoded parseBody(int clientVersion, int cmdId, int seq, byte[] bytes, int offset, int length) {
        CmdId cmd = CmdTable.lookup(cmdId);
        if (cmd == null) {
            return unknown(cmdId, seq);
        }
        try {
            Message body = CmdTable.parser(cmd).parseFrom(bytes, offset, length);
            return new Frame(clientVersion, cmd, seq, body);
        } catch (InvalidProtocolBufferException e) {
            return malformed(cmdId, seq, cmd, e);
        }
    }

    /** Parses a body held in a ByteBuf region. */
    public static Decoded parseBody(FrameHeader h, ByteBuf in, int index, int length) {
        return parseBody(h.clientVersion(), h.cmdId(), h.seq(), in, index, length);
    }

    /** Parses a body held in a ByteBuf region, given the raw header fields. */
    public static Decoded parseBody(int clientVersion, int cmdId, int seq, ByteBuf in, int index, int length) {
        if (in.hasArray()) {
            return parseBody(clientVersion, cmdId, seq, in.array(), in.arrayOffset() + index, length);
        }
        CmdId cmd = CmdTable.lookup(cmdId);
        if (cmd == null) {
            return unknown(cmdId, seq);
        }
        try {
            return new Frame(clientVersion, cmd, seq, CmdTable.parser(cmd).parseFrom(in.nioBuffer(index, length)));
        } catch (InvalidProtocolBufferException e) {
            return malformed(cmdId, seq, cmd, e);
        }
    }

    private static BadFrame unknown(int cmdId, int seq) {
        return new BadFrame(DecodeError.UNKNOWN_CMD, cmdId, seq, "unknown cmdId " + cmdId);
    }

    private static BadFrame malformed(int cmdId, int seq, CmdId cmd, InvalidProtocolBufferException e) {
        return new BadFrame(DecodeError.MALFORMED_BODY, cmdId, seq,
                "body is not a valid " + CmdTable.defaultBody(cmd).getDescriptorForType().getName()
                        + ": " + e.getMessage());
    }

    /** Size of the encoded frame in bytes. */
    public static int encodedLength(Frame f) {
        return FrameHeader.LENGTH + f.body().getSerializedSize();
    }

    /** The header that {@link #encode} writes for {@code f}. */
    public static FrameHeader headerOf(Frame f) {
        return new FrameHeader(FrameHeader.LENGTH, f.clientVersion(), f.cmd().getNumber(), f.seq(),
                f.body().getSerializedSize());
    }

    /** Writes header and body at the writer index of {@code out}. */
    public static void encode(Frame f, ByteBuf out) {
        int bodyLength = f.body().getSerializedSize();
        out.ensureWritable(FrameHeader.LENGTH + bodyLength);
        out.writeInt(FrameHeader.LENGTH).writeInt(f.clientVersion()).writeInt(f.cmd().getNumber())
                .writeInt(f.seq()).writeInt(bodyLength);
        if (bodyLength == 0) {
            return;
        }
        int at = out.writerIndex();
        try {
            if (out.hasArray()) {
                CodedOutputStream cos = CodedOutputStream.newInstance(out.array(), out.arrayOffset() + at, bodyLength);
                f.body().writeTo(cos);
                cos.checkNoSpaceLeft();
            } else {
                CodedOutputStream cos = CodedOutputStream.newInstance(out.nioBuffer(at, bodyLength));
                f.body().writeTo(cos);
                cos.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("encoding " + f.cmd(), e);
        }
        out.writerIndex(at + bodyLength);
    }

    /** Encodes a whole frame into a new array. */
    public static byte[] encode(Frame f) {
        int bodyLength = f.body().getSerializedSize();
        byte[] bytes = new byte[FrameHeader.LENGTH + bodyLength];
        new FrameHeader(FrameHeader.LENGTH, f.clientVersion(), f.cmd().getNumber(), f.seq(), bodyLength)
                .writeTo(bytes, 0);
        try {
            CodedOutputStream cos = CodedOutputStream.newInstance(bytes, FrameHeader.LENGTH, bodyLength);
            f.body().writeTo(cos);
            cos.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding " + f.cmd(), e);
        }
        return bytes;
    }
}
