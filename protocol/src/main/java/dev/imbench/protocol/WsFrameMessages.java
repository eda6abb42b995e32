package dev.imbench.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Frames as the gate's WebSocket endpoint carries them, one frame per binary message: joins the
 * fragments of a message as a JDK {@code WebSocket.Listener} receives them and decodes the whole
 * message as one frame. One per connection, fed from its listener (not thread-safe).
 */
public final class WsFrameMessages {

    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final FrameLimits limits;

    /** Decodes with these limits. */
    public WsFrameMessages(FrameLimits limits) {
        this.limits = limits;
    }

    /** Adds one fragment; once {@code last}, returns the message decoded (a frame or why it was refused), else null. */
    public Decoded append(ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        partial.writeBytes(chunk);
        if (!last) {
            return null;
        }
        byte[] message = partial.toByteArray();
        partial.reset();
        return decode(message, limits);
    }

    /**
     * One whole binary message as one frame. Refused ({@link DecodeError#TRUNCATED}): a message shorter
     * than a header, or one whose length is not the header's body length; and whatever the header check
     * and the body parser refuse.
     */
    public static Decoded decode(byte[] message, FrameLimits limits) {
        if (message.length < FrameHeader.LENGTH) {
            return new BadFrame(DecodeError.TRUNCATED, 0, 0, "WebSocket message of " + message.length + " bytes");
        }
        FrameHeader h = FrameHeader.read(message);
        BadFrame refused = FrameCodec.checkHeader(h, limits);
        if (refused == null && h.bodyLength() != message.length - FrameHeader.LENGTH) {
            refused = new BadFrame(DecodeError.TRUNCATED, h.cmdId(), h.seq(),
                    "WebSocket message holds " + message.length + " bytes, header says " + h.bodyLength());
        }
        return refused != null ? refused : FrameCodec.parseBody(h, message, FrameHeader.LENGTH, h.bodyLength());
    }
}
