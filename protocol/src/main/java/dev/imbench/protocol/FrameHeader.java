package dev.imbench.protocol;

import io.netty.buffer.ByteBuf;

/**
 * The fixed 20-byte header in front of every body: five big-endian 32-bit
 * fields in this order.
 *
 * <pre>
 * +------------+---------------+-------+-------+------------+----------------+
 * | headLength | clientVersion | cmdId |  seq  | bodyLength | body ...       |
 * |  4 (=20)   |       4       |   4   |   4   |     4      | bodyLength     |
 * +------------+---------------+-------+-------+------------+----------------+
 * </pre>
 *
 * @param headLength    always {@link #LENGTH} in this version of the protocol
 * @param clientVersion SDK version of the sender
 * @param cmdId         command number, see {@link dev.imbench.protocol.pb.CmdId}
 * @param seq           sender's sequence number; a response echoes its request's
 * @param bodyLength    number of body bytes that follow
 */
public record FrameHeader(int headLength, int clientVersion, int cmdId, int seq, int bodyLength) {

    /** Length of the header in bytes, and the only accepted headLength. */
    public static final int LENGTH = 20;

    /** Reads a header at {@code index} without moving the reader index. */
    public static FrameHeader peek(ByteBuf in, int index) {
        return new FrameHeader(in.getInt(index), in.getInt(index + 4), in.getInt(index + 8),
                in.getInt(index + 12), in.getInt(index + 16));
    }

    /** Reads a header from the first 20 bytes of {@code bytes}. */
    public static FrameHeader read(byte[] bytes) {
        return new FrameHeader(intAt(bytes, 0), intAt(bytes, 4), intAt(bytes, 8),
                intAt(bytes, 12), intAt(bytes, 16));
    }

    /** Writes the header at the writer index of {@code out}. */
    public void writeTo(ByteBuf out) {
        out.writeInt(headLength).writeInt(clientVersion).writeInt(cmdId).writeInt(seq).writeInt(bodyLength);
    }

    /** Writes the header into {@code out} at {@code offset}. */
    public void writeTo(byte[] out, int offset) {
        putInt(out, offset, headLength);
        putInt(out, offset + 4, clientVersion);
        putInt(out, offset + 8, cmdId);
        putInt(out, offset + 12, seq);
        putInt(out, offset + 16, bodyLength);
    }

    private static int intAt(byte[] b, int i) {
        return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }

    private static void putInt(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}
