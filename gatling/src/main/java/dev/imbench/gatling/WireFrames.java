package dev.imbench.gatling;

import com.google.protobuf.Message;
import dev.imbench.protocol.BadFrame;
import dev.imbench.protocol.DecodeError;
import dev.imbench.protocol.Decoded;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.FrameCodec;
import dev.imbench.protocol.FrameHeader;
import dev.imbench.protocol.FrameLimits;
import dev.imbench.protocol.pb.CmdId;

/**
 * The reference wire in WebSocket binary messages, one frame per message (as the gate's endpoint
 * expects): every frame is encoded and decoded by the {@code protocol} module's {@link FrameCodec}.
 */
public final class WireFrames {

    private WireFrames() {
    }

    /** The bytes of one request frame. */
    public static byte[] encode(CmdId cmd, int seq, Message body) {
        return FrameCodec.encode(Frame.of(cmd, seq, body));
    }

    /**
     * Decodes one WebSocket message: a {@link Frame}, or a {@link BadFrame} saying why not (too short, a
     * header the codec refuses, a length that disagrees with the message, a body that does not parse).
     */
    public static Decoded decode(byte[] message) {
        if (message.length < FrameHeader.LENGTH) {
            return new BadFrame(DecodeError.TRUNCATED, 0, 0, "WebSocket message of " + message.length + " bytes");
        }
        FrameHeader h = FrameHeader.read(message);
        BadFrame refused = FrameCodec.checkHeader(h, FrameLimits.DEFAULT);
        if (refused != null) {
            return refused;
        }
        if (h.bodyLength() != message.length - FrameHeader.LENGTH) {
            return new BadFrame(DecodeError.TRUNCATED, h.cmdId(), h.seq(),
                    "WebSocket message holds " + message.length + " bytes, header says " + h.bodyLength());
        }
        return FrameCodec.parseBody(h, message, FrameHeader.LENGTH, h.bodyLength());
    }

    /**
     * Whether a message is the server's answer to the request of {@code seq}: its response or an
     * {@code ERROR_RESP} with that seq (a push the server starts is a request: odd cmdId). Reads the
     * header only, so a Gatling check can match on it cheaply.
     */
    public static boolean answers(byte[] message, int seq) {
        if (message.length < FrameHeader.LENGTH) {
            return false;
        }
        FrameHeader h = FrameHeader.read(message);
        return h.seq() == seq && h.cmdId() % 2 == 0;
    }
}
