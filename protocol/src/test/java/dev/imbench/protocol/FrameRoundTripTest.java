package dev.imbench.protocol;

import static org.junit.jupiter.api.Assertions.*;

import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.Keepalive;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class FrameRoundTripTest {

    static CmdId[] commands() {
        return SampleBodies.commands();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void shouldDecodeWhatTheEncoderWrote(CmdId cmd) {
        Frame sent = new Frame(3, cmd, 77, SampleBodies.of(cmd));
        EmbeddedChannel out = new EmbeddedChannel(FrameEncoder.INSTANCE);
        assertTrue(out.writeOutbound(sent));
        ByteBuf wire = out.readOutbound();
        assertEquals(FrameCodec.encodedLength(sent), wire.readableBytes());

        EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder());
        in.writeInbound(wire);
        Object decoded = in.readInbound();
        assertEquals(sent, decoded);
        assertNull(in.readInbound());
    }

    @ParameterizedTest
    @MethodSource("commands")
    void shouldWriteTheSameBytesFromNettyAndFromTheBlockingCodec(CmdId cmd) {
        Frame f = Frame.of(cmd, 5, SampleBodies.of(cmd));
        EmbeddedChannel out = new EmbeddedChannel(FrameEncoder.INSTANCE);
        out.writeOutbound(f);
        ByteBuf wire = out.readOutbound();
        byte[] nettyBytes = new byte[wire.readableBytes()];
        wire.readBytes(nettyBytes);
        wire.release();
        assertArrayEquals(FrameCodec.encode(f), nettyBytes);
    }

    @Test
    void shouldLayOutTheHeaderBigEndianInTheDocumentedOrder() {
        C2CSendRequest body = C2CSendRequest.newBuilder().setFrom("a").setTo("b").build();
        byte[] bytes = FrameCodec.encode(new Frame(0x01020304, CmdId.C2C_SEND_REQ, 0x0A0B0C0D, body));
        int bodyLength = body.getSerializedSize();
        byte[] expectedHeader = {
            0, 0, 0, 20,
            1, 2, 3, 4,
            0, 0, 0, (byte) 201,
            10, 11, 12, 13,
            0, 0, 0, (byte) bodyLength};
        assertArrayEquals(expectedHeader, java.util.Arrays.copyOf(bytes, 20));
        assertEquals(20 + bodyLength, bytes.length);
    }

    @Test
    void shouldEncodeAnEmptyBodyAsBodyLengthZero() {
        byte[] bytes = FrameCodec.encode(Frame.of(CmdId.KEEPALIVE_REQ, 1, Keepalive.getDefaultInstance()));
        assertEquals(20, bytes.length);
        assertEquals(0, FrameHeader.read(bytes).bodyLength());
    }

    @Test
    void shouldRefuseABodyOfTheWrongTypeForTheCommand() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Frame.of(CmdId.AUTH_REQ, 1, Keepalive.getDefaultInstance()));
        assertTrue(e.getMessage().contains("AuthRequest"), e.getMessage());
    }

    @Test
    void shouldPairEachRequestWithTheNextNumberAsItsResponse() {
        for (CmdId cmd : commands()) {
            if (CmdTable.isRequest(cmd)) {
                CmdId resp = CmdTable.responseOf(cmd);
                assertNotNull(resp, cmd + " has no response");
                assertEquals(cmd, CmdTable.requestOf(resp));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> CmdTable.requestOf(CmdId.ERROR_RESP));
    }
}
