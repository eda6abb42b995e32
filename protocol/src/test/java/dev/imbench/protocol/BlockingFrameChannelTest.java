package dev.imbench.protocol;

import static org.junit.jupiter.api.Assertions.*;

import dev.imbench.protocol.pb.CmdId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BlockingFrameChannelTest {

    private static BlockingFrameChannel reading(byte[] bytes) {
        return new BlockingFrameChannel(new ByteArrayInputStream(bytes), new ByteArrayOutputStream(), FrameLimits.DEFAULT);
    }

    @Test
    void shouldReadBackEveryFrameWrittenThenNullAtCleanEnd() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (BlockingFrameChannel w = new BlockingFrameChannel(new ByteArrayInputStream(new byte[0]), sink, FrameLimits.DEFAULT)) {
            for (CmdId cmd : SampleBodies.commands()) {
                w.write(Frame.of(cmd, cmd.getNumber(), SampleBodies.of(cmd)));
            }
        }
        try (BlockingFrameChannel r = reading(sink.toByteArray())) {
            for (CmdId cmd : SampleBodies.commands()) {
                assertEquals(Frame.of(cmd, cmd.getNumber(), SampleBodies.of(cmd)), r.read());
            }
            assertNull(r.read());
        }
    }

    @Test
    void shouldReportAStreamThatEndsInsideAFrameAsTruncated() {
        byte[] wire = FrameCodec.encode(Frame.of(CmdId.C2C_SEND_REQ, 3, SampleBodies.of(CmdId.C2C_SEND_REQ)));
        for (int cut : new int[] {5, 19, 20, wire.length - 1}) {
            FrameException e = assertThrows(FrameException.class, () -> reading(Arrays.copyOf(wire, cut)).read());
            assertEquals(DecodeError.TRUNCATED, e.error(), "cut at " + cut);
        }
    }

    @Test
    void shouldRefuseTheSameMalformedInputAsTheNettyDecoder() {
        byte[] header = new byte[20];
        new FrameHeader(20, 1, CmdId.PULL_REQ_VALUE, 2, FrameLimits.DEFAULT_MAX_BODY_LENGTH + 1).writeTo(header, 0);
        assertEquals(DecodeError.BODY_TOO_LARGE, assertThrows(FrameException.class, () -> reading(header).read()).error());
        new FrameHeader(16, 1, CmdId.PULL_REQ_VALUE, 2, 0).writeTo(header, 0);
        assertEquals(DecodeError.BAD_HEAD_LENGTH, assertThrows(FrameException.class, () -> reading(header).read()).error());
    }

    @Test
    void shouldSkipOnlyTheBadFrameOnANonFatalError() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        byte[] h = new byte[20];
        new FrameHeader(20, 1, 555, 8, 2).writeTo(h, 0);
        wire.writeBytes(h);
        wire.writeBytes(new byte[] {9, 9});
        wire.writeBytes(FrameCodec.encode(Frame.of(CmdId.KEEPALIVE_REQ, 9, SampleBodies.of(CmdId.KEEPALIVE_REQ))));
        BlockingFrameChannel r = reading(wire.toByteArray());
        FrameException e = assertThrows(FrameException.class, r::read);
        assertEquals(DecodeError.UNKNOWN_CMD, e.error());
        assertEquals(8, e.badFrame().seq());
        assertEquals(9, r.read().seq());
    }

    @Test
    void shouldCarryFramesOverARealSocket() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            BlockingFrameChannel a = BlockingFrameChannel.of(client);
            BlockingFrameChannel b = BlockingFrameChannel.of(accepted);
            Frame f = Frame.of(CmdId.C2G_PUSH_REQ, 11, SampleBodies.of(CmdId.C2G_PUSH_REQ));
            a.write(f);
            assertEquals(f, b.read());
        }
    }
}
