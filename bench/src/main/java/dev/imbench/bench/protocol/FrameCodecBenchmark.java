package dev.imbench.bench.protocol;

import dev.imbench.protocol.Decoded;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.FrameCodec;
import dev.imbench.protocol.FrameHeader;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.CmdId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * Encode + decode of one c2c send frame with a 100-byte content: the work a
 * gate does for every message it receives and every push it writes.
 * {@code roundTripByteBuf} is the Netty path (reused pooled-style heap buffer),
 * {@code roundTripByteArray} the blocking client's path.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseParallelGC")
@State(Scope.Thread)
public class FrameCodecBenchmark {

    private Frame frame;
    private ByteBuf buffer;

    @Setup
    public void setUp() {
        C2CSendRequest body = C2CSendRequest.newBuilder()
                .setFrom("user-0000001").setTo("user-0000002")
                .setContent("x".repeat(100)).setClientMsgId(1L << 32 | 42).build();
        frame = Frame.of(CmdId.C2C_SEND_REQ, 7, body);
        buffer = Unpooled.buffer(256);
    }

    @TearDown
    public void tearDown() {
        buffer.release();
    }

    /** Encodes into a reused heap buffer and decodes from it, as the gate's codec does. */
    @Benchmark
    public Decoded roundTripByteBuf() {
        buffer.clear();
        FrameCodec.encode(frame, buffer);
        // Read the header fields as FrameDecoder does, without a header object.
        return FrameCodec.parseBody(buffer.getInt(4), buffer.getInt(8), buffer.getInt(12),
                buffer, FrameHeader.LENGTH, buffer.getInt(16));
    }

    /** Encodes to a new array and decodes from it, as the blocking client codec does. */
    @Benchmark
    public Decoded roundTripByteArray() {
        byte[] bytes = FrameCodec.encode(frame);
        FrameHeader h = FrameHeader.read(bytes);
        return FrameCodec.parseBody(h, bytes, FrameHeader.LENGTH, h.bodyLength());
    }

    /** Baseline: parsing the body alone (the protobuf message itself), for the allocation budget. */
    @Benchmark
    public Object parseBodyOnly() throws Exception {
        buffer.clear();
        FrameCodec.encode(frame, buffer);
        return C2CSendRequest.parser().parseFrom(buffer.array(), buffer.arrayOffset() + FrameHeader.LENGTH,
                buffer.readableBytes() - FrameHeader.LENGTH);
    }
}
