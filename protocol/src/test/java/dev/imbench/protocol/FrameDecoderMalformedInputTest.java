package dev.imbench.protocol;

import static org.junit.jupiter.api.Assertions.*;

import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.Keepalive;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class FrameDecoderMalformedInputTest {

    private static ByteBuf header(int headLength, int cmdId, int seq, int bodyLength) {
        ByteBuf b = Unpooled.buffer();
        new FrameHeader(headLength, 1, cmdId, seq, bodyLength).writeTo(b);
        return b;
    }

    private static BadFrame decodeOne(EmbeddedChannel ch, ByteBuf in) {
        ch.writeInbound(in);
        Object out = ch.readInbound();
        return assertInstanceOf(BadFrame.class, out);
    }

    @Test
    void shouldRefuseAHeadLengthOtherThan20AndDiscardTheRest() {
        FrameDecoder decoder = new FrameDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        BadFrame bad = decodeOne(ch, header(24, CmdId.KEEPALIVE_REQ_VALUE, 9, 0));
        assertEquals(DecodeError.BAD_HEAD_LENGTH, bad.error());
        assertEquals(9, bad.seq());
        assertTrue(bad.error().fatal());
        assertTrue(decoder.failed());
        // A valid frame after a fatal error is not trusted.
        ch.writeInbound(Unpooled.wrappedBuffer(FrameCodec.encode(Frame.of(CmdId.KEEPALIVE_REQ, 1,
                Keepalive.getDefaultInstance()))));
        assertNull(ch.readInbound());
    }

    @Test
    void shouldRefuseANegativeBodyLength() {
        BadFrame bad = decodeOne(new EmbeddedChannel(new FrameDecoder()), header(20, CmdId.KEEPALIVE_REQ_VALUE, 1, -5));
        assertEquals(DecodeError.NEGATIVE_BODY_LENGTH, bad.error());
        assertTrue(bad.detail().contains("-5"));
    }

    @Test
    void shouldRefuseABodyLongerThanTheLimitBeforeAnyBodyByteArrives() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(new FrameLimits(1024)));
        BadFrame bad = decodeOne(ch, header(20, CmdId.C2C_SEND_REQ_VALUE, 3, 1025));
        assertEquals(DecodeError.BODY_TOO_LARGE, bad.error());
        assertTrue(bad.detail().contains("1025") && bad.detail().contains("1024"), bad.detail());
    }

    @Test
    void shouldRefuseAHugeAnnouncedBodyWithoutAllocatingIt() {
        BadFrame bad = decodeOne(new EmbeddedChannel(new FrameDecoder()),
                header(20, CmdId.C2C_SEND_REQ_VALUE, 3, Integer.MAX_VALUE));
        assertEquals(DecodeError.BODY_TOO_LARGE, bad.error());
    }

    @Test
    void shouldNotReserveTheAnnouncedBodySizeWhileWaitingForIt() {
        FrameDecoder decoder = new FrameDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.writeInbound(header(20, CmdId.C2C_SEND_REQ_VALUE, 3, 60_000));
        assertNull(ch.readInbound(), "waits for the body");
        assertTrue(decoder.heldCapacity() < 60_000,
                "capacity " + decoder.heldCapacity() + " should grow only with bytes received");
    }

    @Test
    void shouldRefuseAnUnknownCmdIdAndKeepReadingTheNextFrame() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder());
        ByteBuf in = header(20, 777, 4, 3).writeBytes(new byte[] {1, 2, 3});
        in.writeBytes(FrameCodec.encode(Frame.of(CmdId.KEEPALIVE_REQ, 5, Keepalive.getDefaultInstance())));
        ch.writeInbound(in);
        BadFrame bad = assertInstanceOf(BadFrame.class, ch.readInbound());
        assertEquals(DecodeError.UNKNOWN_CMD, bad.error());
        assertEquals(777, bad.cmdId());
        assertFalse(bad.error().fatal());
        Frame next = assertInstanceOf(Frame.class, ch.readInbound());
        assertEquals(5, next.seq());
    }

    @Test
    void shouldRefuseCmdIdZero() {
        BadFrame bad = decodeOne(new EmbeddedChannel(new FrameDecoder()), header(20, 0, 1, 0));
        assertEquals(DecodeError.UNKNOWN_CMD, bad.error());
    }

    @Test
    void shouldRefuseABodyThatIsNotTheNamedProtobufMessageAndKeepReading() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder());
        // Field 1 (string) announced with length 50 but only 2 bytes follow: truncated message.
        byte[] body = {0x0A, 50, 'a', 'b'};
        ByteBuf in = header(20, CmdId.C2C_SEND_REQ_VALUE, 6, body.length).writeBytes(body);
        in.writeBytes(FrameCodec.encode(Frame.of(CmdId.KEEPALIVE_REQ, 7, Keepalive.getDefaultInstance())));
        ch.writeInbound(in);
        BadFrame bad = assertInstanceOf(BadFrame.class, ch.readInbound());
        assertEquals(DecodeError.MALFORMED_BODY, bad.error());
        assertTrue(bad.detail().contains("C2CSendRequest"), bad.detail());
        assertEquals(7, assertInstanceOf(Frame.class, ch.readInbound()).seq());
    }

    @Test
    void shouldRefuseAStringFieldThatIsNotUtf8() {
        byte[] body = {0x0A, 2, (byte) 0xC3, (byte) 0x28};
        BadFrame bad = decodeOne(new EmbeddedChannel(new FrameDecoder()),
                header(20, CmdId.C2C_SEND_REQ_VALUE, 6, body.length).writeBytes(body));
        assertEquals(DecodeError.MALFORMED_BODY, bad.error());
    }

    @Test
    void shouldGiveEveryReasonADistinctDocumentedName() throws Exception {
        String readme = java.nio.file.Files.readString(ProtocolReadmeTest.readme());
        for (DecodeError e : DecodeError.values()) {
            assertTrue(readme.contains("`" + e.name() + "`"), "protocol/README.md documents " + e);
        }
    }
}
