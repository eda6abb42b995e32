package dev.imbench.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.CmdId;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** One frame per WebSocket binary message: fragments joined, and a message that is no frame refused. */
class WsFrameMessagesTest {

    private final byte[] frame = FrameCodec.encode(Frame.of(CmdId.C2C_SEND_REQ, 9,
            C2CSendRequest.newBuilder().setFrom("a").setTo("b").setContent("fragmented").setClientMsgId(3).build()));

    @Test
    void shouldJoinTheFragmentsOfAMessageIntoItsFrame() {
        WsFrameMessages m = new WsFrameMessages(FrameLimits.DEFAULT);
        assertNull(m.append(ByteBuffer.wrap(frame, 0, 7), false), "nothing before the last fragment");
        assertNull(m.append(ByteBuffer.wrap(frame, 7, 20), false));
        Frame f = assertInstanceOf(Frame.class, m.append(ByteBuffer.wrap(frame, 27, frame.length - 27), true));
        assertEquals(9, f.seq());
        assertEquals("fragmented", f.bodyAs(C2CSendRequest.class).getContent());
        Frame again = assertInstanceOf(Frame.class, m.append(ByteBuffer.wrap(frame), true));
        assertEquals(9, again.seq(), "the next message starts afresh");
    }

    @Test
    void shouldRefuseAMessageShorterThanAHeaderOrLongerOrShorterThanItsHeaderSays() {
        BadFrame shortOne = assertInstanceOf(BadFrame.class, WsFrameMessages.decode(new byte[10], FrameLimits.DEFAULT));
        assertEquals(DecodeError.TRUNCATED, shortOne.error());
        BadFrame cut = assertInstanceOf(BadFrame.class,
                WsFrameMessages.decode(Arrays.copyOf(frame, frame.length - 1), FrameLimits.DEFAULT));
        assertTrue(cut.detail().contains("header says"), cut.describe());
        byte[] longer = Arrays.copyOf(frame, frame.length + 1);
        assertEquals(9, assertInstanceOf(BadFrame.class, WsFrameMessages.decode(longer, FrameLimits.DEFAULT)).seq(),
                "the refusal keeps the header's seq, for an error answer");
    }
}
